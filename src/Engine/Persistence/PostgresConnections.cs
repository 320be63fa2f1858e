using Npgsql;

namespace Engine.Persistence;

/// <summary>
/// Connection-string defaults measured on this machine (orleans-notes §3): Npgsql's defaults halve the grain
/// storage throughput. A value the operator sets explicitly always wins.
/// </summary>
public static class PostgresConnections
{
    /// <summary>The connection string with the engine's pool and preparation defaults filled in.</summary>
    public static string Tune(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = 32; // Below PostgreSQL's default max_connections with a few silos.
        }
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
        }
        if (!connectionString.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase))
        {
            // Auto-prepared statements get a generic plan after five runs, and it is rebuilt only when the table's
            // statistics change. The batch statements' first runs come while a fresh database is being loaded, so a
            // generic plan made for an empty table (a nested loop over every row of the service) stayed in use until
            // autovacuum analyzed the table: the `visit` load on PostgreSQL ran at 469–597 visits/s with one
            // PostgreSQL backend at 100 % CPU, and at 2,170 on the same build once the table had been analyzed. A
            // custom plan for each run of a batch statement costs little against the batch it writes.
            builder.Options = $"{builder.Options} -c plan_cache_mode=force_custom_plan".Trim();
        }
        return builder.ConnectionString;
    }
}
