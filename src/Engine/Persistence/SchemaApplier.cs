using System.Reflection;
using Npgsql;

namespace Engine.Persistence;

/// <summary>
/// Applies the engine's PostgreSQL schema (Persistence/Schema.sql, embedded) in one transaction under an
/// advisory lock, so several silos or operators may run it at once. Every statement is idempotent.
/// </summary>
public static class SchemaApplier
{
    private const long AdvisoryLockKey = 0x5E771E_5C4E3A; // "settle schema": any constant shared by all appliers.

    /// <summary>The schema script.</summary>
    public static string Script
    {
        get
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Engine.Persistence.Schema.sql")
                ?? throw new InvalidOperationException("The embedded schema is missing from the build.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Applies the schema to the database <paramref name="connectionString"/> names.</summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var apply = new NpgsqlCommand(Script, connection, transaction))
        {
            await apply.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
