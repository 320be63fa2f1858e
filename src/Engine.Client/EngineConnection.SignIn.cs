using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography;
using Engine.Contracts.Wire;

namespace Engine.Client;

// The sign-in (docs/protocol.md §6): Hello → Challenge, Proof → Welcome, no MAC on any of the four frames.
public sealed partial class EngineConnection
{
    private const ulong HelloCorrelationId = 1;
    private const ulong ProofCorrelationId = 2;
    private const ulong SignInCorrelationIdLast = ProofCorrelationId;

    private static async Task<(FrameMac Mac, WelcomeBody Welcome)> SignInAsync(
        PipeReader input, PipeWriter output, EngineConnectionOptions options, CancellationToken cancellationToken)
    {
        var clientNonce = new byte[Handshake.NonceBytes];
        Handshake.CreateNonce(clientNonce);
        FrameWriter.WriteFrame(output, MessageType.Hello, HelloCorrelationId, FrameFlags.None, mac: null,
            new HelloBody(options.Institution, options.TerminalId, clientNonce), MessageCodec.Write);
        await output.FlushAsync(cancellationToken);
        var challenge = await ReadSignInReplyAsync(
            input, MessageType.Hello, HelloCorrelationId, MessageCodec.ReadChallenge, cancellationToken);

        var secret = Handshake.EncodeSecret(options.Secret);
        try
        {
            var proof = new byte[Handshake.ProofBytes];
            Handshake.ComputeProof(secret, challenge.ServerNonce.Span, clientNonce, options.Institution,
                options.TerminalId, proof);
            FrameWriter.WriteFrame(output, MessageType.Proof, ProofCorrelationId, FrameFlags.None, mac: null,
                new ProofBody(proof), MessageCodec.Write);
            await output.FlushAsync(cancellationToken);
            var welcome = await ReadSignInReplyAsync(
                input, MessageType.Proof, ProofCorrelationId, MessageCodec.ReadWelcome, cancellationToken);

            // The server proves it knows the secret too: anything else is not the engine (or the secret is wrong).
            if (!Handshake.VerifyServerProof(secret, clientNonce, challenge.ServerNonce.Span, welcome.ServerProof.Span))
            {
                throw new AuthenticationException(
                    $"The server at {options.Host}:{options.Port} failed to prove that it knows the secret of " +
                    $"'{options.Institution}': it is not the engine, or the secret is wrong.");
            }
            return (Handshake.CreateSessionMac(secret, challenge.ServerNonce.Span, clientNonce), welcome);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Reads the one reply a sign-in step expects; an Error frame or anything else ends the sign-in.</summary>
    private static async Task<T> ReadSignInReplyAsync<T>(
        PipeReader input, MessageType type, ulong correlationId, BodyReader<T> read,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            try
            {
                if (FrameReader.TryReadFrame(ref buffer, mac: null, out var header, out var body))
                {
                    return DecodeSignInReply(header, body, type, correlationId, read);
                }
                if (result.IsCompleted)
                {
                    throw new ConnectionLostException(
                        $"The engine closed the connection during sign-in ({buffer.Length} bytes of a frame left).");
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private static T DecodeSignInReply<T>(
        in FrameHeader header, in ReadOnlySequence<byte> body, MessageType type, ulong correlationId,
        BodyReader<T> read)
    {
        if (header.IsReply && header.Type == MessageType.Error)
        {
            var error = MessageCodec.Decode(body, MessageCodec.ReadError);
            if (error.Reason == ProtocolViolationReason.AuthenticationFailed)
            {
                throw new AuthenticationException(
                    $"The engine refused the sign-in: {error.Message}", new ServerErrorException(error));
            }
            throw new ConnectionLostException("The engine ended the sign-in.", new ServerErrorException(error));
        }
        if (!header.IsReply || header.Type != type || header.CorrelationId != correlationId)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.UnexpectedMessage,
                $"{type.ToHex()} reply {correlationId} expected during sign-in, got {header.Type.ToHex()} " +
                $"{(header.IsReply ? "reply" : "request")} {header.CorrelationId}.");
        }
        return MessageCodec.Decode(body, read);
    }
}
