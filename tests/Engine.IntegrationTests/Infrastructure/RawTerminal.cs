using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Engine.Contracts.Security;
using Engine.Contracts.Wire;
using MessagePack;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>
/// A deliberately low-level terminal for protocol tests: a blocking socket, frames built with the codec, and
/// nothing hidden (no retries, no pipelining help), so tests can send exactly the bytes they mean.
/// </summary>
public sealed class RawTerminal : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] clientNonce = new byte[Handshake.NonceBytes];
    private byte[] pending = [];
    private ulong nextCorrelation = 1;

    private RawTerminal()
    {
    }

    /// <summary>The session MAC after sign-in.</summary>
    public FrameMac? Mac { get; private set; }

    /// <summary>Connects without signing in.</summary>
    public static async Task<RawTerminal> ConnectAsync(IPEndPoint endpoint)
    {
        var terminal = new RawTerminal();
        await terminal.socket.ConnectAsync(endpoint);
        terminal.socket.ReceiveTimeout = 10_000;
        return terminal;
    }

    /// <summary>Connects and signs in as <paramref name="institution"/> with its derived secret (or the given one).</summary>
    public static async Task<RawTerminal> SignInAsync(IPEndPoint endpoint, string institution, string? secret = null)
    {
        var terminal = await ConnectAsync(endpoint);
        var welcome = await terminal.TrySignInAsync(institution, secret ?? SecretOf(institution));
        if (welcome.Type != MessageType.Proof) throw new InvalidOperationException($"sign-in answered {welcome.Type}");
        return terminal;
    }

    /// <summary>The secret a test silo expects for <paramref name="institution"/>.</summary>
    public static string SecretOf(string institution) =>
        institution == Handshake.AdminInstitution ? EngineSilo.AdminSecret
            : InstitutionSecrets.Derive(EngineSilo.AdminSecret, institution);

    /// <summary>Runs Hello/Proof; returns the server's answer to the proof (Welcome, or an Error).</summary>
    public async Task<(MessageType Type, byte[] Body)> TrySignInAsync(string institution, string secret)
    {
        Handshake.CreateNonce(clientNonce);
        Send(MessageType.Hello, new HelloBody(institution, "T1", clientNonce), MessageCodec.Write);
        var challenge = await ReceiveAsync();
        if (challenge.Header.Type != MessageType.Hello) return (challenge.Header.Type, challenge.Body);
        var serverNonce = MessageCodec.Decode(new ReadOnlySequence<byte>(challenge.Body), MessageCodec.ReadChallenge)
            .ServerNonce.ToArray();
        var secretBytes = Handshake.EncodeSecret(secret);
        var proof = new byte[Handshake.ProofBytes];
        Handshake.ComputeProof(secretBytes, serverNonce, clientNonce, institution, "T1", proof);
        Send(MessageType.Proof, new ProofBody(proof), MessageCodec.Write);
        var answer = await ReceiveAsync();
        if (answer.Header.Type == MessageType.Proof)
        {
            Mac = Handshake.CreateSessionMac(secretBytes, serverNonce, clientNonce);
        }
        return (answer.Header.Type, answer.Body);
    }

    /// <summary>Sends one frame (signed once signed in); returns its correlation id.</summary>
    public ulong Send<T>(MessageType type, T body, BodyWriter<T> codec)
    {
        var correlation = nextCorrelation++;
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(output, type, correlation, 0, Mac, body, codec);
        SendBytes(output.WrittenSpan);
        return correlation;
    }

    /// <summary>Sends raw bytes.</summary>
    public void SendBytes(ReadOnlySpan<byte> bytes) => socket.Send(bytes);

    /// <summary>Sends a request and waits for the frame that answers it (any correlation).</summary>
    public async Task<(FrameHeader Header, byte[] Body)> CallAsync<T>(MessageType type, T body, BodyWriter<T> codec)
    {
        Send(type, body, codec);
        return await ReceiveAsync();
    }

    /// <summary>The next frame from the server; throws <see cref="EndOfStreamException"/> when it closed.</summary>
    public async Task<(FrameHeader Header, byte[] Body)> ReceiveAsync()
    {
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var buffer = new ReadOnlySequence<byte>(pending);
            if (FrameReader.TryReadFrame(ref buffer, Mac, out var header, out var body) ||
                TryReadUnsignedError(ref buffer, out header, out body))
            {
                var bodyBytes = body.ToArray();
                pending = buffer.ToArray();
                return (header, bodyBytes);
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var read = await socket.ReceiveAsync(chunk, SocketFlags.None, timeout.Token);
            if (read == 0) throw new EndOfStreamException("The server closed the connection.");
            pending = [.. pending, .. chunk.AsSpan(0, read)];
        }
    }

    /// <summary>True when the server closed the connection (reads end) within a few seconds.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            while (true) await ReceiveAsync();
        }
        catch (Exception exception) when (exception is EndOfStreamException or SocketException)
        {
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose() => socket.Dispose();

    /// <summary>An Error frame sent before sign-in completes carries no MAC; accept it while we expect a MAC.</summary>
    private bool TryReadUnsignedError(ref ReadOnlySequence<byte> buffer, out FrameHeader header, out ReadOnlySequence<byte> body)
    {
        header = default;
        body = default;
        if (Mac is null || buffer.Length < FrameHeader.Bytes) return false;
        Span<byte> bytes = stackalloc byte[FrameHeader.Bytes];
        buffer.Slice(0, FrameHeader.Bytes).CopyTo(bytes);
        var peek = FrameHeader.Read(bytes);
        if (peek.Type != MessageType.Error || peek.HasMac) return false;
        return FrameReader.TryReadFrame(ref buffer, null, out header, out body);
    }
}
