using System.Text.RegularExpressions;
using Engine.IntegrationTests.Infrastructure;
using Npgsql;

namespace Engine.IntegrationTests.Persistence;

/// <summary>
/// The state batch statement (<c>engine_write_grain_states</c>, Schema.sql) is planned once per connection, so its
/// plan must not depend on the statistics the tables happen to have: no table is scanned or joined, every input row
/// reaches its row through the primary key (as the arbiter of an insert's ON CONFLICT), on a freshly created database
/// (no statistics) as on one analyzed while its tables were tiny. The plans are PostgreSQL's own, logged by
/// auto_explain for the statements inside the function. (Written as joins of the input to the tables, the same
/// statement's generic plan read the state table by a scan of the key's prefix or of the whole index.)
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class PostgresGrainStateBatchPlanTests(PostgresServer postgres)
{
    [Fact]
    public async Task Plan_OnAFreshDatabase_ReachesEveryRowThroughItsPrimaryKey()
    {
        var database = await postgres.CreateDatabaseAsync();

        var plan = await PlanOfABatchAsync(PostgresServer.AsSuperuser(database), "M-1");

        AssertKeyProbesOnly(plan);
    }

    [Fact]
    public async Task Plan_OnTinyAnalyzedTables_StillReachesEveryRowThroughItsPrimaryKey()
    {
        // Statistics of a one-page table make a sequential scan the cheapest plan for it: the plan made then must
        // still hold once the table has grown, until the next analyze.
        var database = await postgres.CreateDatabaseAsync();
        var superuser = PostgresServer.AsSuperuser(database);
        await PlanOfABatchAsync(superuser, "M-1");
        await using (var connection = new NpgsqlConnection(superuser))
        {
            await connection.OpenAsync();
            await using var analyze = new NpgsqlCommand(
                "ANALYZE engine_grain_state; ANALYZE engine_message_registry; ANALYZE engine_ledger_row", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        var plan = await PlanOfABatchAsync(superuser, "M-2");

        AssertKeyProbesOnly(plan);
    }

    // One batch as the engine sends it (an insert, an update, claims, ledger rows), on a new connection with auto_explain logging
    // the plan of every statement inside the function; returns the logged plans.
    private static async Task<string> PlanOfABatchAsync(string superuser, string msgId)
    {
        var logged = new List<string>();
        await using var connection = new NpgsqlConnection(superuser);
        connection.Notice += (_, e) => logged.Add(e.Notice.MessageText + "\n" + e.Notice.Detail);
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand("""
            LOAD 'auto_explain';
            SET auto_explain.log_min_duration = 0;
            SET auto_explain.log_nested_statements = on;
            SET client_min_messages = log;
            """, connection))
        {
            await setup.ExecuteNonQueryAsync();
        }
        await using var batch = new NpgsqlCommand("""
            SELECT count(*) FROM engine_write_grain_states('svc', ARRAY['person/P1', 'person/P2'],
                ARRAY['person', 'person'], ARRAY[NULL, 7]::bigint[], ARRAY['\x01', '\x02']::bytea[],
                ARRAY['H1', 'H1'], ARRAY[@msg_id || 'a', @msg_id || 'b'], ARRAY['P1', 'P2'],
                ARRAY[now(), now()],
                ARRAY[1, 2]::bigint[], ARRAY[@msg_id || 'a#s', @msg_id || 'b#s'], ARRAY['H1', 'H1'],
                ARRAY[current_date, current_date], ARRAY['110100', '110100'], ARRAY['110100', '110100'],
                ARRAY[100, 200]::bigint[], ARRAY[60, 120]::bigint[], ARRAY[60, 120]::bigint[], ARRAY[0, 0]::bigint[],
                ARRAY[0, 0]::bigint[])
            """, connection);
        batch.Parameters.AddWithValue("msg_id", msgId);
        await batch.ExecuteScalarAsync();
        var plan = string.Join('\n', logged);
        Assert.Contains("engine_write_grain_states", plan); // The function's own plan was logged too.
        return plan;
    }

    private static void AssertKeyProbesOnly(string plan)
    {
        Assert.Contains("Conflict Arbiter Indexes: engine_grain_state_pkey", plan, StringComparison.Ordinal);
        Assert.Contains("Conflict Arbiter Indexes: engine_message_registry_pkey", plan, StringComparison.Ordinal);
        Assert.Contains("Conflict Arbiter Indexes: engine_ledger_row_pkey", plan, StringComparison.Ordinal);
        var scan = ScanOfEngineTable().Match(plan);
        Assert.False(scan.Success, $"The statement reads a table itself ({scan.Value}):\n{plan}");
    }

    // A plan node that reads engine_grain_state, engine_message_registry or engine_ledger_row (any kind of scan).
    [GeneratedRegex(@"Scan( using \w+)? on (engine_grain_state|engine_message_registry|engine_ledger_row)\b")]
    private static partial Regex ScanOfEngineTable();
}
