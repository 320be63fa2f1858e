using Engine.Accounting;
using Engine.Lifecycle;
using Npgsql;

namespace Engine.Persistence;

/// <summary>
/// Writes a batch of grain states (<c>engine_grain_state</c>) in one statement, hence one transaction and one commit,
/// with optimistic concurrency per row: a write whose expected version is no longer the row's changes nothing and
/// gets no new version, while the others in the same statement commit. When writes carry ledger events, the
/// transaction has a second part: the events of the writes that won (<see cref="PostgresLedgerRows"/>), so that
/// a state and its events commit together or not at all, still in one commit.
/// </summary>
public static class PostgresGrainStateBatch
{
    // Updates where the grain saw a version and the row still has it; inserts where the grain saw no row and there
    // still is none. Returns the new version of each write that won, by its position in the input. A key twice in one
    // batch (two activations of one grain) is arbitrated like two statements would be: at most one update matches the
    // row's version, and only the first insert of a key is attempted. The data-modifying CTEs share one snapshot, so
    // an update and an insert of one key cannot both win either.
    private const string WriteBatch = """
        WITH input AS (
            SELECT * FROM unnest(@grain_id::varchar[], @state_name::varchar[], @expected_version::bigint[],
                                 @payload::bytea[])
                WITH ORDINALITY AS t(grain_id, state_name, expected_version, payload, ord)),
        updated AS (
            UPDATE engine_grain_state s
               SET payload = i.payload, version = s.version + 1, modified_at = now()
              FROM input i
             WHERE i.expected_version IS NOT NULL AND s.service_id = @service_id AND s.grain_id = i.grain_id
               AND s.state_name = i.state_name AND s.version = i.expected_version
            RETURNING i.ord, s.version),
        first_inserts AS (
            SELECT DISTINCT ON (grain_id, state_name) grain_id, state_name, payload, ord
              FROM input WHERE expected_version IS NULL
             ORDER BY grain_id, state_name, ord),
        inserted AS (
            INSERT INTO engine_grain_state (service_id, grain_id, state_name, version, payload)
            SELECT @service_id, grain_id, state_name, 1, payload FROM first_inserts
            ON CONFLICT (service_id, grain_id, state_name) DO NOTHING
            RETURNING grain_id, state_name, version)
        SELECT u.ord, u.version FROM updated u
        UNION ALL
        SELECT f.ord, n.version
          FROM inserted n JOIN first_inserts f ON f.grain_id = n.grain_id AND f.state_name = n.state_name
        """;

    // Two silos' batches that update the same rows (states, or the ledger rows of the same events) in different
    // orders can deadlock (only with two activations of one grain, i.e. rarely). PostgreSQL then rolls one
    // transaction back whole, so running it again is safe.
    private const int AttemptsMax = 3;

    /// <summary>
    /// Writes <paramref name="writes"/>, with the ledger events of those that win, and returns, in their order, each
    /// one's new version, or <see langword="null"/> when its expected version was stale (that write changed nothing,
    /// in the ledger neither).
    /// </summary>
    public static async Task<long?[]> WriteAsync(NpgsqlDataSource dataSource, string serviceId,
        IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(dataSource, serviceId, writes, cancellationToken);
            }
            catch (PostgresException exception) when (attempt < AttemptsMax && IsRetryable(exception))
            {
                // Rolled back whole: nothing of this batch was committed, no state and no ledger event.
            }
        }
    }

    private static bool IsRetryable(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    private static async Task<long?[]> WriteOnceAsync(NpgsqlDataSource dataSource, string serviceId,
        IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (writes.All(w => w.LedgerEvents.Length == 0))
        {
            return await WriteStatesAsync(connection, null, serviceId, writes, cancellationToken);
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var versions = await WriteStatesAsync(connection, transaction, serviceId, writes, cancellationToken);
        // Only the writes that won: a stale write changed no state, so its events must not reach the ledger either.
        LedgerEvent[] events = [.. writes.Where((_, i) => versions[i] is not null).SelectMany(w => w.LedgerEvents)];
        await PostgresLedgerRows.WriteAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return versions;
    }

    private static async Task<long?[]> WriteStatesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string serviceId, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(WriteBatch, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("grain_id", [.. writes.Select(w => w.GrainId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("state_name", [.. writes.Select(w => w.StateName)]));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("expected_version",
            [.. writes.Select(w => w.ExpectedVersion)]));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payload", [.. writes.Select(w => w.Payload)]));
        var versions = new long?[writes.Count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ord = reader.GetInt64(0); // 1-based, from WITH ORDINALITY.
            versions[ord - 1] = reader.GetInt64(1);
        }
        return versions;
    }
}
