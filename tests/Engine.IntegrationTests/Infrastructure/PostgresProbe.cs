using Npgsql;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>Reads the engine's tables directly, to show that state really went to PostgreSQL.</summary>
public static class PostgresProbe
{
    /// <summary>The number of rows of <paramref name="table"/> (a trusted constant name).</summary>
    public static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The id of the transaction that wrote the current version of a grain's state row (its xmin).</summary>
    public static async Task<string?> StateTransactionAsync(string connectionString, string grainId) =>
        await TextAsync(connectionString, "SELECT xmin::text FROM engine_grain_state WHERE grain_id = @key", grainId);

    /// <summary>The id of the transaction that wrote a ledger row (its xmin); null when there is no such row.</summary>
    public static async Task<string?> LedgerRowTransactionAsync(string connectionString, string eventId) =>
        await TextAsync(connectionString, "SELECT xmin::text FROM engine_ledger_row WHERE event_id = @key", eventId);

    /// <summary>The transaction that wrote a msgId's registry entry (its xmin) and the person holding it; nulls when none.</summary>
    public static async Task<(string? Transaction, string? PsnNo)> RegistryEntryAsync(string connectionString,
        string institution, string msgId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT xmin::text, psn_no FROM engine_message_registry WHERE institution = @institution AND msg_id = @msg_id",
            connection);
        command.Parameters.AddWithValue("institution", institution);
        command.Parameters.AddWithValue("msg_id", msgId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return (null, null);
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    /// <summary>
    /// A new transaction id of the server. Every transaction that writes takes one, when it commits or fails
    /// alike; reads take none. So the difference of two calls, less one (the later call's own), counts the writing
    /// transactions in between, exactly and at once (<c>pg_stat_database</c> lags by up to seconds). The counter is
    /// the server's: autovacuum's analyzes in any database of the server count too.
    /// </summary>
    public static async Task<long> NewTransactionIdAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string?> TextAsync(string connectionString, string sql, string key)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("key", key));
        return (string?)await command.ExecuteScalarAsync();
    }
}
