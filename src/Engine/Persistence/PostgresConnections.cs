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
        return builder.ConnectionString;
    }
}
