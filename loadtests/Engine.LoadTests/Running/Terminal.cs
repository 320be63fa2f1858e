using Engine.Client;
using Engine.Contracts.Security;
using Engine.LoadTests.Population;

namespace Engine.LoadTests.Running;

/// <summary>
/// One simulated hospital terminal: a pipelined, signed-in connection of one institution. A connection that broke is
/// replaced on the next request (the iteration that met the break counts as an error).
/// </summary>
internal sealed class Terminal(int index, InstitutionRef institution, EngineConnectionOptions options) : IAsyncDisposable
{
    private readonly Lock replaceLock = new();
    private Task<EngineConnection>? connection;

    public int Index { get; } = index;
    public InstitutionRef Institution { get; } = institution;
    public string Code => Institution.Code;

    public static Terminal Create(int index, InstitutionRef institution, string host, int port, string masterKey,
        TimeSpan requestTimeout) =>
        new(index, institution, new EngineConnectionOptions
        {
            Host = host,
            Port = port,
            Institution = institution.Code,
            TerminalId = $"lt-{index:D4}",
            Secret = InstitutionSecrets.Derive(masterKey, institution.Code),
            RequestTimeoutMs = (int)Math.Max(1, requestTimeout.TotalMilliseconds),
            ConnectTimeoutMs = 10_000,
        });

    /// <summary>The open connection, connecting (again) when there is none.</summary>
    public Task<EngineConnection> GetAsync()
    {
        var current = Volatile.Read(ref connection);
        if (current is { IsCompletedSuccessfully: true } && !current.Result.IsClosed) return current;
        if (current is { IsCompleted: false }) return current;
        Task<EngineConnection>? replaced;
        lock (replaceLock)
        {
            replaced = connection;
            if (connection == current)
            {
                connection = EngineConnection.ConnectAsync(options);
            }
            current = connection;
        }
        if (replaced is { IsCompletedSuccessfully: true } old && old != current) _ = old.Result.DisposeAsync().AsTask();
        return current!;
    }

    public async ValueTask DisposeAsync()
    {
        var current = Volatile.Read(ref connection);
        if (current is null) return;
        try
        {
            await (await current).DisposeAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // It never opened or already broke: nothing to close.
        }
    }
}
