using Npgsql;

namespace Engine.LoadTests.Chaos;

/// <summary>The engine's own records in PostgreSQL that the verifier reads: the ledger and the msgId
/// registry.</summary>
internal static class EngineRecords
{
    private const int CommandTimeoutSeconds = 60;

    public static async Task<IReadOnlyList<LedgerRow>> LedgerAsync(string connectionString,
        CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT event_id, institution, business_day, insured_region, treatment_region, medfee_fen, fund_pay_fen,
                   pooled_fund_fen, civil_servant_fen, account_fen, retracted
            FROM engine_ledger_row
            """;
        var rows = new List<LedgerRow>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = CommandTimeoutSeconds };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LedgerRow(reader.GetString(0), reader.GetString(1),
                reader.GetFieldValue<DateOnly>(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9),
                reader.GetBoolean(10)));
        }
        return rows;
    }

    /// <summary>msgId → (holder person, reversed) for the given institutions' msgIds with this run's tag.</summary>
    public static async Task<IReadOnlyDictionary<(string Institution, string MsgId), (string? PsnNo, bool Reversed)>>
        RegistryAsync(string connectionString, string runTag, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT institution, msg_id, psn_no, reversed FROM engine_message_registry WHERE msg_id LIKE @prefix
            """;
        var entries = new Dictionary<(string, string), (string?, bool)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = CommandTimeoutSeconds };
        command.Parameters.AddWithValue("prefix", runTag + "%");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries[(reader.GetString(0), reader.GetString(1))] =
                (reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3));
        }
        return entries;
    }

    /// <summary>Rows and retracted rows: two numbers that stop changing once every outbox is delivered.</summary>
    public static async Task<(long Rows, long Retracted)> LedgerCountsAsync(string connectionString,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(*) FILTER (WHERE retracted) FROM engine_ledger_row", connection)
        {
            CommandTimeout = CommandTimeoutSeconds,
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
