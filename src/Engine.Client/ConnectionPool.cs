namespace Engine.Client;

/// <summary>
/// A fixed number of lazily opened connections of one identity, used round-robin. A connection that closed or
/// failed to open is replaced by a new one on the next request; callers share one connect in progress.
/// </summary>
internal sealed class ConnectionPool(EngineConnectionOptions options, int connectionCount) : IAsyncDisposable
{
    private readonly Task<EngineConnection>?[] connections = new Task<EngineConnection>?[connectionCount];
    private readonly Lock replaceLock = new();
    private int next = -1;
    private int disposed;

    /// <summary>An open connection (opening one when needed).</summary>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    public Task<EngineConnection> GetAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var index = connections.Length == 1 ? 0
            : (int)((uint)Interlocked.Increment(ref next) % (uint)connections.Length);
        var current = Volatile.Read(ref connections[index]);
        if (current is { IsCompletedSuccessfully: true } && !current.Result.IsClosed) return current;
        if (current is { IsCompleted: false }) return current.WaitAsync(cancellationToken);
        Task<EngineConnection>? replaced = null;
        lock (replaceLock)
        {
            current = connections[index];
            if (current is null || (current.IsCompleted
                    && (!current.IsCompletedSuccessfully || current.Result.IsClosed)))
            {
                replaced = current;
                // Not the caller's token: other callers may wait on this connect too.
                current = EngineConnection.ConnectAsync(options, CancellationToken.None);
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
}
