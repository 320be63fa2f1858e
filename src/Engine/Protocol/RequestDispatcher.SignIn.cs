using System.Buffers;
using Engine.Contracts.Security;
using Engine.Contracts.Wire;

namespace Engine.Protocol;

/// <summary>The sign-in: Hello → Challenge, Proof → Welcome (docs/protocol.md, "Sign-in").</summary>
internal sealed partial class RequestDispatcher
{
    private async ValueTask SignInAsync(TerminalSession session, FrameHeader header, ReadOnlySequence<byte> body,
        OutboundQueue outbound)
    {
        if (header.Type == MessageType.Hello && !session.IsChallenged)
        {
            var hello = MessageCodec.Decode(body, MessageCodec.ReadHello);
            session.Institution = hello.Institution;
            session.TerminalId = hello.TerminalId;
            hello.ClientNonce.Span.CopyTo(session.ClientNonce);
            session.Secret = SecretOf(hello.Institution);
            Handshake.CreateNonce(session.ServerNonce);
            session.IsChallenged = true;
            await outbound.SendControlAsync(OutboundFrame.Of(MessageType.Hello, header.CorrelationId, null,
                new ChallengeBody(session.ServerNonce.ToArray()), MessageCodec.Write));
            return;
        }
        if (header.Type == MessageType.Proof && session.IsChallenged)
        {
            var proof = MessageCodec.Decode(body, MessageCodec.ReadProof);
            // An identity with no secret configured fails exactly like a wrong proof: no oracle for who exists.
            if (session.Secret.Length == 0 || !Handshake.VerifyProof(session.Secret, session.ServerNonce,
                    session.ClientNonce, session.Institution, session.TerminalId, proof.ClientProof.Span))
            {
                ProtocolViolation.Throw(ProtocolViolationReason.AuthenticationFailed, "wrong proof.");
            }
            var serverProof = new byte[Handshake.ProofBytes];
            Handshake.ComputeServerProof(session.Secret, session.ClientNonce, session.ServerNonce, serverProof);
            // Heartbeats well inside the idle time-out, so that an idle but healthy terminal is never cut.
            var heartbeatMs = Math.Min(ProtocolLimits.HeartbeatIntervalMs, Math.Max(1, options.IdleTimeoutMs / 4));
            var welcome = new WelcomeBody(serverProof, options.InFlightPerConnectionMax, options.IdleTimeoutMs,
                heartbeatMs);
            await outbound.SendControlAsync(OutboundFrame.Of(MessageType.Proof, header.CorrelationId, null, welcome,
                MessageCodec.Write));
            session.Mac = Handshake.CreateSessionMac(session.Secret, session.ServerNonce, session.ClientNonce);
            return;
        }
        ProtocolViolation.Throw(ProtocolViolationReason.UnexpectedMessage, $"{header.Type.ToHex()} before sign-in.");
    }

    private byte[] SecretOf(string institution)
    {
        if (string.Equals(institution, Handshake.AdminInstitution, StringComparison.Ordinal))
        {
            return string.IsNullOrEmpty(options.AdminSecret) ? [] : Handshake.EncodeSecret(options.AdminSecret);
        }
        var masterKey = options.EffectiveMasterKey;
        return string.IsNullOrEmpty(masterKey) || string.IsNullOrEmpty(institution) ? []
            : Handshake.EncodeSecret(InstitutionSecrets.Derive(masterKey, institution));
    }
}
