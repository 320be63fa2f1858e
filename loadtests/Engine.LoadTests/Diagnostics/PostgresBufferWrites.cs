namespace Engine.LoadTests.Diagnostics;

/// <summary>
/// Shared buffers PostgreSQL wrote out, by who wrote them (<c>pg_stat_bgwriter</c>, the whole server): the
/// checkpointer, the background writer, and the backends themselves — a backend that needs a buffer and finds only
/// dirty ones writes one before it can go on, inside some request's time.
/// </summary>
internal sealed record PostgresBufferWrites(long ByCheckpoints, long ByBackgroundWriter, long ByBackends, long BackendFsyncs)
{
    /// <summary>What was written between <paramref name="before"/> and this reading.</summary>
    public PostgresBufferWrites Since(PostgresBufferWrites before) => new(
        ByCheckpoints - before.ByCheckpoints, ByBackgroundWriter - before.ByBackgroundWriter,
        ByBackends - before.ByBackends, BackendFsyncs - before.BackendFsyncs);
}
