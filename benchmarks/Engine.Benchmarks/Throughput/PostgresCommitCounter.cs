using Npgsql;

namespace Engine.Benchmarks.Throughput;

/// <summary>
/// Reads the database's committed-transaction counter (<c>pg_stat_database.xact_commit</c>), so a run can report
/// PostgreSQL commits per visit. The counter includes read-only transactions (activation reads) and lags by up to
/// about a second (backends flush their statistics at most once a second), so deltas over a 20 s window are
/// accurate to a few per cent.
/// </summary>
public static class PostgresCommitCounter
{
    /// <summary>The current counter of the database <paramref name="connectionString"/> names.</summary>
    public static async Task<long> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
