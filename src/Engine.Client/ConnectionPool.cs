namespace Engine.Client;

/// <summary>
/// A fixed number of lazily opened connections of one identity, used round-robin, all to the gateway the
/// <see cref="EndpointSelector"/> names. A connection that closed or failed to open is replaced by a new one on the
/// next request; callers share one connect in progress. A connection lost while its endpoint is current moves the
/// client to the next endpoint; one to an endpoint that is no longer current (the client failed over or went home)
/// is closed cleanly — its requests in flight get their replies first — and replaced.
/// </summary>
internal sealed class ConnectionPool : IAsyncDisposable
{
    private readonly EngineConnectionOptions template;
    private readonly EndpointSelector selector;
    private readonly Task<EngineConnection>?[] connections;
    private readonly Lock replaceLock = new();
    private int next = -1;
    private int disposed;

    /// <param name="template">The identity and time limits; its Host and Port are replaced by each endpoint's.</param>
    /// <param name="selector">Where to connect.</param>
    /// <param name="connectionCount">Connections to keep, at least 1.</param>
    public ConnectionPool(EngineConnectionOptions template, EndpointSelector selector, int connectionCount)
    {
        this.template = template.Clone();
        this.selector = selector;
        connections = new Task<EngineConnection>?[connectionCount];
    }

    /// <summary>A pool that always connects to <paramref name="options"/>' Host and Port.</summary>
    public ConnectionPool(EngineConnectionOptions options, int connectionCount)
        : this(options, new EndpointSelector([new GatewayEndpoint(options.Host, options.Port)], 0, 0), connectionCount)
    {
    }

    /// <summary>The endpoint new connections go to.</summary>
    public GatewayEndpoint CurrentEndpoint => selector.Current;

    /// <summary>An open connection to the current endpoint (opening one when needed).</summary>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    /// <exception cref="EngineUnreachableException">Every endpoint failed (more than one endpoint).</exception>
    public Task<EngineConnection> GetAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var index = connections.Length == 1 ? 0
            : (int)((uint)Interlocked.Increment(ref next) % (uint)connections.Length);
        var endpoint = selector.Current;
        var current = Volatile.Read(ref connections[index]);
        if (IsUsable(current, endpoint)) return current!;
        if (current is { IsCompleted: false }) return current.WaitAsync(cancellationToken);
        Task<EngineConnection>? replaced = null;
        lock (replaceLock)
        {
            current = connections[index];
            endpoint = selector.Current;
            if (current is null || (current.IsCompleted && !IsUsable(current, endpoint)))
            {
                // A connection lost on the current endpoint: that silo may be gone, try the next one.
                if (current is { IsCompletedSuccessfully: true } && current.Result.IsClosed
                    && current.Result.Endpoint == endpoint)
                {
                    selector.FailOver(endpoint);
                }
                replaced = current;
                current = ConnectRoundAsync(); // Not the caller's token: other callers may wait on it too.
                Volatile.Write(ref connections[index], current);
            }
        }
        if (replaced is { IsCompletedSuccessfully: true }) _ = replaced.Result.DisposeAsync().AsTask();
        return current.WaitAsync(cancellationToken);
    }

    /// <summary>Closes every connection cleanly (requests in flight get their replies first).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        foreach (var connect in connections)
        {
            if (connect is null) continue;
            try
            {
                await (await connect).DisposeAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // It never opened: nothing to close.
            }
        }
    }

    private static bool IsUsable(Task<EngineConnection>? connect, GatewayEndpoint endpoint) =>
        connect is { IsCompletedSuccessfully: true } && !connect.Result.IsClosed && connect.Result.Endpoint == endpoint;

    /// <summary>
    /// Tries each endpoint at most once, starting with the current one and failing over after each failure, so one
    /// round takes at most Count × ConnectTimeoutMs. With a single endpoint its failure is thrown as it is.
    /// </summary>
    private async Task<EngineConnection> ConnectRoundAsync()
    {
        var failures = new List<(GatewayEndpoint, Exception)>(selector.Count);
        for (var tried = 0; tried < selector.Count; tried++)
        {
            var endpoint = selector.Current;
            try
            {
                return await EngineConnection.ConnectAsync(OptionsFor(endpoint), CancellationToken.None);
            }
            catch (Exception exception) when (exception is not (ArgumentException or OutOfMemoryException)
                && selector.Count > 1)
            {
                failures.Add((endpoint, exception));
                selector.FailOver(endpoint);
            }
        }
        throw new EngineUnreachableException(failures);
    }

    private EngineConnectionOptions OptionsFor(GatewayEndpoint endpoint)
    {
        var options = template.Clone();
        options.Host = endpoint.Host;
        options.Port = endpoint.Port;
        return options;
    }
}
