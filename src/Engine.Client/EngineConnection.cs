using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>
/// One signed-in connection to the engine (docs/protocol.md): a TCP socket (Nagle off) wrapped in a PipeReader and
/// a PipeWriter, the sign-in handshake (the server must prove it knows the secret too), then pipelined requests
/// with replies matched by correlation id in any order.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe: any number of callers may send at once. Requests go through a channel to one writer loop that
/// writes every queued frame and then flushes once, so a burst of requests costs one send system call. One reader
/// loop parses whole frames, verifies their MAC and completes the waiting callers (continuations run on the thread
/// pool, never on the reader). At most <see cref="InFlightMax"/> requests (the server's limit from Welcome) are
/// unanswered at once; further callers wait for a slot, and that wait counts towards their time-out.
/// </para>
/// <para>
/// A request that gets no reply within <see cref="EngineConnectionOptions.RequestTimeoutMs"/> fails alone with a
/// <see cref="TimeoutException"/>; it keeps its in-flight slot until the engine answers it, since the engine still
/// counts it; a late reply is ignored (docs/protocol.md §8). A connection with a request unanswered for
/// <see cref="StalledTimeoutMultiple"/> request time-outs (and at least the server's idle time-out), or that gets no
/// reply to a heartbeat within the request time-out (at most the idle time-out) and receives nothing else meanwhile,
/// is presumed broken and closed. So is one that receives an Error frame (the engine closes after it, §9). When the
/// connection breaks, every pending request fails with a <see cref="ConnectionLostException"/>; a broken connection
/// is never reused (make a new one).
/// </para>
/// <para>
/// Idle connections send a Heartbeat once nothing has been sent for the server's heartbeat interval, so the server's
/// idle time-out never closes a connection that is still wanted. Per request the steady state allocates the pending
/// entry and its task (plus the reply the codec decodes); time-outs are checked by one periodic sweep, not a timer
/// per request.
/// </para>
/// </remarks>
public sealed partial class EngineConnection : IAsyncDisposable
{
    /// <summary>Request time-outs after which an unanswered request means the connection is broken.</summary>
    public const int StalledTimeoutMultiple = 3;

    private const int SweepIntervalMsMax = 100;
    private const int SweepIntervalMsMin = 5;
    private const int SocketBufferBytes = 64 * 1024;
    private const int CloseReadWaitMs = 2_000;

    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly PipeReader input;
    private readonly PipeWriter output;
    private readonly FrameMac mac;
    private readonly ConcurrentDictionary<ulong, IPendingRequest> pending = new();
    private readonly Channel<IPendingRequest> outbound = Channel.CreateUnbounded<IPendingRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly SemaphoreSlim slots;
    private readonly CancellationTokenSource closing = new();
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int requestTimeoutMs;
    private readonly int heartbeatAfterMs;
    private readonly GatewayEndpoint endpoint;
    private Task readLoop = Task.CompletedTask;
    private Task writeLoop = Task.CompletedTask;
    private Task sweepLoop = Task.CompletedTask;
    private long correlationIdLast;
    private long sentTicksLast;
    private long receivedTicksLast;
    private int closeStarted;
    private int disposeStarted;
    private Exception? closeCause;
    private ErrorBody? closingError;
    private HeartbeatPendingRequest? heartbeat;
    private long ignoredReplyCount;

    private EngineConnection(
        Socket socket, NetworkStream stream, PipeReader input, PipeWriter output, FrameMac mac, WelcomeBody welcome,
        EngineConnectionOptions options, ulong correlationIdLast)
    {
        this.socket = socket;
        this.stream = stream;
        this.input = input;
        this.output = output;
        this.mac = mac;
        this.correlationIdLast = (long)correlationIdLast;
        Institution = options.Institution;
        TerminalId = options.TerminalId;
        InFlightMax = welcome.InFlightMax;
        IdleTimeoutMs = welcome.IdleTimeoutMs;
        HeartbeatIntervalMs = welcome.HeartbeatIntervalMs;
        requestTimeoutMs = options.RequestTimeoutMs;
        // Heartbeat at the server's interval, and well inside its idle time-out whatever the interval says.
        heartbeatAfterMs = Math.Max(1, Math.Min(welcome.HeartbeatIntervalMs, welcome.IdleTimeoutMs / 2));
        endpoint = new GatewayEndpoint(options.Host, options.Port);
        slots = new SemaphoreSlim(welcome.InFlightMax, welcome.InFlightMax);
        sentTicksLast = receivedTicksLast = Environment.TickCount64;
    }

    /// <summary>The institution this connection is signed in as (business requests are bound to it).</summary>
    public string Institution { get; }

    /// <summary>The gateway this connection is to (the options' Host and Port).</summary>
    public GatewayEndpoint Endpoint => endpoint;

    /// <summary>The terminal id this connection signed in with.</summary>
    public string TerminalId { get; }

    /// <summary>Requests the server lets this connection have unanswered at once (from Welcome).</summary>
    public int InFlightMax { get; }

    /// <summary>The server closes the connection after this long without a frame (from Welcome).</summary>
    public int IdleTimeoutMs { get; }

    /// <summary>The server's heartbeat interval (from Welcome).</summary>
    public int HeartbeatIntervalMs { get; }

    /// <summary>Requests sent or queued and not yet answered, timed-out ones included.</summary>
    public int PendingCount => pending.Count;

    /// <summary>Replies ignored because their correlation id was not in flight (docs/protocol.md §8).</summary>
    public long IgnoredReplyCount => Interlocked.Read(ref ignoredReplyCount);

    /// <summary>Is the connection closed or broken; a closed connection fails every send.</summary>
    public bool IsClosed => Volatile.Read(ref closeStarted) != 0;

    /// <summary>Completes (successfully) once the connection is closed, for whatever reason.</summary>
    public Task Completion => closed.Task;

    /// <summary>Why the connection closed: a <see cref="ConnectionLostException"/>, or null while it is open.</summary>
    public Exception? CloseCause => Volatile.Read(ref closeCause);

    /// <summary>
    /// Connects to <see cref="EngineConnectionOptions.Host"/>:<see cref="EngineConnectionOptions.Port"/> and signs in.
    /// </summary>
    /// <exception cref="ArgumentException">An option cannot work.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The engine refused the proof, or
    /// the server's proof does not verify (the server does not know the secret: a wrong server).</exception>
    /// <exception cref="TimeoutException">Connecting and signing in took longer than
    /// <see cref="EngineConnectionOptions.ConnectTimeoutMs"/>.</exception>
    /// <exception cref="SocketException">The engine cannot be reached.</exception>
    /// <exception cref="ConnectionLostException">The engine closed the connection during sign-in.</exception>
    /// <exception cref="ProtocolViolationException">The engine's sign-in frames are not the protocol's.</exception>
    public static async Task<EngineConnection> ConnectAsync(
        EngineConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        options = options.Clone();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeoutMs);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream? stream = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, deadline.Token);
            stream = new NetworkStream(socket, ownsSocket: true);
            var input = PipeReader.Create(stream, new StreamPipeReaderOptions(
                bufferSize: SocketBufferBytes, minimumReadSize: 4_096, leaveOpen: true));
            var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(
                minimumBufferSize: SocketBufferBytes, leaveOpen: true));
            var (mac, welcome) = await SignInAsync(input, output, options, deadline.Token);
            var connection = new EngineConnection(
                socket, stream, input, output, mac, welcome, options, SignInCorrelationIdLast);
            connection.Start();
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Abort(socket, stream);
            throw new TimeoutException(
                $"Connecting to the engine at {options.Host}:{options.Port} and signing in took more than " +
                $"{options.ConnectTimeoutMs} ms.");
        }
        catch
        {
            Abort(socket, stream);
            throw;
        }
    }

    /// <summary>
    /// Sends one request and waits for its reply: the body is written with <paramref name="write"/> (e.g.
    /// <c>MessageCodec.Write</c>), the reply read with <paramref name="read"/> (e.g.
    /// <c>MessageCodec.ReadTransactionReply</c>). Business requests carry no institution: the connection's is used.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is a handshake, heartbeat or error type, or the
    /// body cannot be written (a string or an array over its limit; nothing was sent).</exception>
    /// <exception cref="TimeoutException">No reply within the request time-out (the outcome is unknown).</exception>
    /// <exception cref="ConnectionLostException">The connection broke or is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the
    /// outcome is unknown when the request had been sent).</exception>
    public Task<TReply> SendAsync<TRequest, TReply>(
        MessageType type, TRequest request, BodyWriter<TRequest> write, BodyReader<TReply> read,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        if (type.IsHandshake() || type is MessageType.Heartbeat or MessageType.Error or MessageType.Echo
            || !MessageTypes.IsKnown(type))
        {
            throw new ArgumentException(
                $"{type.ToHex()} is not a request SendAsync sends (see HeartbeatAsync and EchoAsync).", nameof(type));
        }
        return Start(new BodyPendingRequest<TRequest, TReply>(type, request, write, read), cancellationToken);
    }

    /// <summary>
    /// Sends an Echo (0x0005) with <paramref name="payload"/> and checks that the reply is the same bytes (the
    /// transport's ceiling, no grain involved). The payload must not change until the task completes.
    /// </summary>
    /// <returns>The number of bytes echoed.</returns>
    public Task<int> EchoAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        Start(new EchoPendingRequest(payload), cancellationToken);

    /// <summary>Sends a Ping (0x0006): one no-op call to the person grain of <paramref name="psnNo"/>.</summary>
    /// <returns>The value the grain returned (the one sent).</returns>
    public Task<int> PingAsync(string psnNo, int value, CancellationToken cancellationToken = default) =>
        SendAsync(MessageType.Ping, new PingBody(psnNo, value), MessageCodec.Write, ReadPingValue, cancellationToken);

    /// <summary>Sends a Heartbeat now and waits for its reply; heartbeats hold no in-flight slot.</summary>
    public Task HeartbeatAsync(CancellationToken cancellationToken = default) =>
        Start(new HeartbeatPendingRequest(), cancellationToken);

    /// <summary>
    /// Closes cleanly: new requests fail at once, requests in flight get up to the request time-out to be
    /// answered, queued frames are flushed, then the sending side is shut down and the socket closed. Requests
    /// still unanswered fail with a <see cref="ConnectionLostException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposeStarted, 1) != 0)
        {
            await closed.Task;
            return;
        }
        if (!IsClosed) await DrainAsync();
        Close(ClosedByOwner());
        await Task.WhenAll(readLoop, writeLoop, sweepLoop);
    }

    private static int ReadPingValue(ref MessagePack.MessagePackReader reader) =>
        MessageCodec.ReadPingReply(ref reader).Value;

    private static void Abort(Socket socket, NetworkStream? stream)
    {
        if (stream is not null) stream.Dispose();
        else socket.Dispose();
    }

    private void Start()
    {
        readLoop = Task.Run(ReadLoopAsync);
        writeLoop = Task.Run(WriteLoopAsync);
        sweepLoop = Task.Run(SweepLoopAsync);
    }
}
