using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Security;
using Engine.Contracts.Wire;
using Engine.Reference;

namespace Engine.IntegrationTests.Client;

/// <summary>
/// A small engine stand-in on a real loopback socket, built on the same codec as the gateway: the sign-in, MACed
/// frames, heartbeats, and a <see cref="Handler"/> that decides per request whether to answer (at once, later,
/// out of order), never answer, answer with an Error, or drop the connection. Every request is recorded.
/// </summary>
internal sealed class FakeEngineServer : IAsyncDisposable
{
    public const string MasterKey = "fake-master-key";
    public const string AdminSecret = "fake-admin-secret";

    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<int, Socket> sockets = new();
    private readonly ConcurrentDictionary<int, Func<ErrorBody, Task>> closers = new();
    private readonly Task acceptLoop;
    private int connectionCount;
    private int inFlight;
    private int inFlightMaxObserved;

    /// <param name="port">The loopback port to listen on; 0 (the default) for any free one.</param>
    public FakeEngineServer(
        int inFlightMax = 16, int heartbeatIntervalMs = 15_000, int idleTimeoutMs = 60_000, int port = 0)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        InFlightMax = inFlightMax;
        HeartbeatIntervalMs = heartbeatIntervalMs;
        IdleTimeoutMs = idleTimeoutMs;
        listener.Start();
        acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int InFlightMax { get; }

    public int HeartbeatIntervalMs { get; }

    public int IdleTimeoutMs { get; }

    /// <summary>Answer Welcome with a server proof computed from another secret (an impostor).</summary>
    public bool ProvesWithWrongSecret { get; set; }

    /// <summary>Answer heartbeats (true by default); false plays an engine that is stuck.</summary>
    public bool AnswersHeartbeats { get; set; } = true;

    /// <summary>Decides what to do with each request (heartbeats are answered unless
    /// <see cref="AnswersHeartbeats"/> is false).</summary>
    public Func<FakeRequest, FakeResponse> Handler { get; set; } = Answer;

    /// <summary>Every request received after sign-in, heartbeats included, in arrival order.</summary>
    public ConcurrentQueue<FakeRequest> Received { get; } = new();

    /// <summary>Connections signed in so far.</summary>
    public int SignedInCount => Volatile.Read(ref signedInCount);

    /// <summary>The most requests that were unanswered at once.</summary>
    public int InFlightMaxObserved => Volatile.Read(ref inFlightMaxObserved);

    private int signedInCount;

    public static string SecretOf(string institution) =>
        institution == Handshake.AdminInstitution ? AdminSecret : InstitutionSecrets.Derive(MasterKey, institution);

    /// <summary>The requests of one type, in arrival order.</summary>
    public List<FakeRequest> ReceivedOf(MessageType type) => [.. Received.Where(request => request.Type == type)];

    /// <summary>The default answers: echo, ping, ok replies, admin figures.</summary>
    public static FakeResponse Answer(FakeRequest request) => request.Type switch
    {
        MessageType.Echo => FakeResponse.Raw(request.Body),
        MessageType.Ping => FakeResponse.Body(
            new PingReplyBody(request.Decode(MessageCodec.ReadPing).Value), MessageCodec.Write),
        MessageType.Settle => FakeResponse.Reply(TransactionReply.Ok with
        {
            SettlementId = "S-" + request.Decode(MessageCodec.ReadSettleRequest).MsgId,
        }),
        MessageType.Register => FakeResponse.Reply(TransactionReply.Ok with
        {
            VisitId = "V-" + request.Decode(MessageCodec.ReadRegisterRequest).MsgId,
        }),
        MessageType.Clearing => FakeResponse.Body(ClearingLines, WriteClearingLines),
        MessageType.ReconcileAny => FakeResponse.Reply(TransactionReply.Ok with
        {
            Reconciliation = new ReconciliationFigures(true, 0, Money.Zero, Money.Zero, Money.Zero),
        }),
        _ => FakeResponse.Reply(TransactionReply.Ok),
    };

    private static ImmutableArray<ClearingLine> ClearingLines { get; } =
    [
        new("440100", "440100", 2, Money.FromFen(1000), Money.FromFen(700), Money.Zero, Money.FromFen(100)),
    ];

    private static void WriteClearingLines(
        ref MessagePack.MessagePackWriter writer, ImmutableArray<ClearingLine> lines) =>
        MessageCodec.Write(ref writer, lines);

    /// <summary>Closes every open connection (the engine going away).</summary>
    public void DropAll()
    {
        foreach (var (_, socket) in sockets) socket.Dispose();
    }

    /// <summary>Sends every signed-in connection an Error frame (correlation id 0), then closes it, as the gateway
    /// does on a protocol violation.</summary>
    public async Task CloseAllWithErrorAsync(ProtocolViolationReason reason, string message)
    {
        foreach (var (_, close) in closers) await close(new ErrorBody((ushort)reason, message));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        DropAll();
        try
        {
            await acceptLoop;
        }
        catch (Exception exception)
            when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(stopping.Token);
            var number = Interlocked.Increment(ref connectionCount);
            sockets[number] = socket;
            _ = Task.Run(() => ServeAsync(socket, number));
        }
    }

    private async Task ServeAsync(Socket socket, int number)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        var writeLock = new SemaphoreSlim(1, 1);
        try
        {
            var (institution, mac) = await SignInAsync(input, output);
            if (mac is null) return;
            Interlocked.Increment(ref signedInCount);
            closers[number] = async error =>
            {
                await writeLock.WaitAsync();
                try
                {
                    FrameWriter.WriteFrame(
                        output, MessageType.Error, 0, FrameFlags.Reply, mac, error, MessageCodec.Write);
                    await output.FlushAsync();
                    socket.Dispose();
                }
                catch (Exception exception)
                    when (exception is ObjectDisposedException or IOException or SocketException)
                {
                    // The client closed first, as it may on an Error frame.
                }
                finally
                {
                    writeLock.Release();
                }
            };
            while (true)
            {
                var result = await input.ReadAsync(stopping.Token);
                var buffer = result.Buffer;
                try
                {
                    while (FrameReader.TryReadFrame(ref buffer, mac, out var header, out var body))
                    {
                        var request = new FakeRequest(
                            number, institution, header.Type, header.CorrelationId, body.ToArray());
                        Received.Enqueue(request);
                        if (header.Type == MessageType.Heartbeat)
                        {
                            var beat = AnswersHeartbeats ? FakeResponse.Raw([]) : FakeResponse.None;
                            _ = RespondAsync(beat, request, output, mac, writeLock, socket, counted: false);
                            continue;
                        }
                        var now = Interlocked.Increment(ref inFlight);
                        InterlockedMax(ref inFlightMaxObserved, now);
                        _ = RespondAsync(Handler(request), request, output, mac, writeLock, socket, counted: true);
                    }
                    if (result.IsCompleted) return;
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The client went away, the test dropped the connection, or the server is stopping.
        }
        finally
        {
            sockets.TryRemove(number, out _);
            closers.TryRemove(number, out _);
        }
    }

    private async Task<(string Institution, FrameMac? Mac)> SignInAsync(PipeReader input, PipeWriter output)
    {
        var (helloHeader, hello) = await ReadOneAsync(input, MessageCodec.ReadHello);
        var serverNonce = new byte[Handshake.NonceBytes];
        Handshake.CreateNonce(serverNonce);
        FrameWriter.WriteFrame(output, MessageType.Hello, helloHeader.CorrelationId, FrameFlags.Reply, null,
            new ChallengeBody(serverNonce), MessageCodec.Write);
        await output.FlushAsync();
        var (proofHeader, proof) = await ReadOneAsync(input, MessageCodec.ReadProof);
        var secret = Handshake.EncodeSecret(SecretOf(hello.Institution));
        if (!Handshake.VerifyProof(secret, serverNonce, hello.ClientNonce.Span, hello.Institution, hello.TerminalId,
                proof.ClientProof.Span))
        {
            FrameWriter.WriteFrame(output, MessageType.Error, 0, FrameFlags.Reply, null,
                new ErrorBody((ushort)ProtocolViolationReason.AuthenticationFailed, "wrong proof."),
                MessageCodec.Write);
            await output.FlushAsync();
            return (hello.Institution, null);
        }
        var serverProof = new byte[Handshake.ProofBytes];
        var proofSecret = ProvesWithWrongSecret ? Handshake.EncodeSecret("not-the-secret") : secret;
        Handshake.ComputeServerProof(proofSecret, hello.ClientNonce.Span, serverNonce, serverProof);
        FrameWriter.WriteFrame(output, MessageType.Proof, proofHeader.CorrelationId, FrameFlags.Reply, null,
            new WelcomeBody(serverProof, InFlightMax, IdleTimeoutMs, HeartbeatIntervalMs), MessageCodec.Write);
        await output.FlushAsync();
        return (hello.Institution, Handshake.CreateSessionMac(secret, serverNonce, hello.ClientNonce.Span));
    }

    private async Task<(FrameHeader Header, T Body)> ReadOneAsync<T>(PipeReader input, BodyReader<T> read)
    {
        while (true)
        {
            var result = await input.ReadAsync(stopping.Token);
            var buffer = result.Buffer;
            try
            {
                if (FrameReader.TryReadFrame(ref buffer, null, out var header, out var body))
                {
                    return (header, MessageCodec.Decode(body, read));
                }
                if (result.IsCompleted) throw new EndOfStreamException();
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private async Task RespondAsync(FakeResponse response, FakeRequest request, PipeWriter output, FrameMac mac,
        SemaphoreSlim writeLock, Socket socket, bool counted)
    {
        try
        {
            while (response is FakeResponse.Delay delay)
            {
                await Task.Delay(delay.DelayMs, stopping.Token);
                response = delay.Then;
            }
            switch (response)
            {
                case FakeResponse.Frame frame:
                    await writeLock.WaitAsync(stopping.Token);
                    try
                    {
                        if (counted) Interlocked.Decrement(ref inFlight);
                        frame.Write(output, request.Type, request.CorrelationId, mac);
                        await output.FlushAsync(stopping.Token);
                    }
                    finally
                    {
                        writeLock.Release();
                    }
                    break;
                case FakeResponse.DropConnection:
                    socket.Dispose();
                    break;
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The connection is gone.
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
