using Engine.Accounting;
using Engine.Lifecycle;
using Engine.Messaging;
using Npgsql;

namespace Engine.Persistence;

/// <summary>
/// Writes a batch of grain states (<c>engine_grain_state</c>) in one statement, hence one transaction and one commit,
/// with optimistic concurrency per row: a write whose expected version is no longer the row's changes nothing and
/// gets no new version, while the others in the same statement commit. When writes carry ledger events, the
/// transaction has a second part: the events of the writes that won (<see cref="PostgresLedgerRows"/>), so that
/// a state and its events commit together or not at all, still in one commit. When writes carry msgId claims
/// (<see cref="IHasMessageClaim"/>), the statement inserts them too, and writes a state only if its claim is the
/// person's: inserted by this statement, or held by the same person before.
/// </summary>
public static class PostgresGrainStateBatch
{
    // The writes of the rows in "allowed" (every input row, or those whose claim holds): updates where the grain saw a
    // version and the row still has it; inserts where the grain saw no row and there still is none; the new version
    // of each write that won, by its position in the input. A key twice in one batch (two activations of one grain)
    // is arbitrated like two statements would be: at most one update matches the row's version, and only the first
    // insert of a key is attempted. The data-modifying CTEs share one snapshot, so an update and an insert of one key
    // cannot both win either. The third column says whether a claim refused the write.
    private const string StateWrites = """
        updated AS (
            UPDATE engine_grain_state s
               SET payload = i.payload, version = s.version + 1, modified_at = now()
              FROM allowed i
             WHERE i.expected_version IS NOT NULL AND s.service_id = @service_id AND s.grain_id = i.grain_id
               AND s.state_name = i.state_name AND s.version = i.expected_version
            RETURNING i.ord, s.version),
        first_inserts AS (
            SELECT DISTINCT ON (grain_id, state_name) grain_id, state_name, payload, ord
              FROM allowed WHERE expected_version IS NULL
             ORDER BY grain_id, state_name, ord),
        inserted AS (
            INSERT INTO engine_grain_state (service_id, grain_id, state_name, version, payload)
            SELECT @service_id, grain_id, state_name, 1, payload FROM first_inserts
            ON CONFLICT (service_id, grain_id, state_name) DO NOTHING
            RETURNING grain_id, state_name, version)
        SELECT u.ord, u.version, false FROM updated u
        UNION ALL
        SELECT f.ord, n.version, false
          FROM inserted n JOIN first_inserts f ON f.grain_id = n.grain_id AND f.state_name = n.state_name

        """;

    private const string WriteBatch = """
        WITH input AS (
            SELECT * FROM unnest(@grain_id::varchar[], @state_name::varchar[], @expected_version::bigint[],
                                 @payload::bytea[])
                WITH ORDINALITY AS t(grain_id, state_name, expected_version, payload, ord)),
        allowed AS NOT MATERIALIZED (SELECT * FROM input),

        """ + StateWrites;

    // WriteBatch with msgId claims: the first claim of each key is inserted (as PostgresMessageRegistry's claim batch
    // does); a write goes ahead only if its claim is held by its person, inserted now or before. A claim whose key
    // is held by another person or a 2601, or whose holder committed after the statement's snapshot (neither
    // inserted nor visible), refuses its write: that write is returned with refused = true and changes nothing. A
    // claim inserted for a write that then loses its version check stays, as it would after a separate claim: it
    // is the person's, and the transaction's retry finds it so.
    private const string WriteBatchWithClaims = """
        WITH input AS (
            SELECT * FROM unnest(@grain_id::varchar[], @state_name::varchar[], @expected_version::bigint[],
                                 @payload::bytea[], @claim_institution::varchar[], @claim_msg_id::varchar[],
                                 @claim_psn_no::varchar[], @claim_at::timestamptz[])
                WITH ORDINALITY AS t(grain_id, state_name, expected_version, payload, claim_institution, claim_msg_id,
                                     claim_psn_no, claim_at, ord)),
        claim_firsts AS (
            SELECT DISTINCT ON (claim_institution, claim_msg_id) claim_institution, claim_msg_id, claim_psn_no,
                   claim_at, ord
              FROM input WHERE claim_msg_id IS NOT NULL
             ORDER BY claim_institution, claim_msg_id, ord),
        claimed AS (
            INSERT INTO engine_message_registry (institution, msg_id, kind, psn_no, fingerprint, reversed, created_at)
            SELECT claim_institution, claim_msg_id, 0, claim_psn_no, NULL, false, claim_at FROM claim_firsts
            ON CONFLICT (institution, msg_id) DO NOTHING
            RETURNING institution, msg_id),
        claim_held AS (
            SELECT f.ord FROM claim_firsts f
              JOIN claimed c ON c.institution = f.claim_institution AND c.msg_id = f.claim_msg_id
            UNION
            SELECT i.ord FROM input i
              JOIN engine_message_registry r ON r.institution = i.claim_institution AND r.msg_id = i.claim_msg_id
             WHERE r.kind = 0 AND r.psn_no = i.claim_psn_no),
        allowed AS (
            SELECT * FROM input WHERE claim_msg_id IS NULL OR ord IN (SELECT ord FROM claim_held)),

        """ + StateWrites + """
        UNION ALL
        SELECT i.ord, NULL, true FROM input i
         WHERE i.claim_msg_id IS NOT NULL AND i.ord NOT IN (SELECT ord FROM claim_held)
        """;

    // Two silos' batches that update the same rows (states, or the ledger rows of the same events) in different
    // orders can deadlock (only with two activations of one grain, i.e. rarely). PostgreSQL then rolls one
    // transaction back whole, so running it again is safe.
    private const int AttemptsMax = 3;

    /// <summary>
    /// Writes <paramref name="writes"/>, with the ledger events and msgId claims of those that win, and returns, in
    /// their order, what became of each: its new version, or none when its expected version was stale or its claim
    /// was refused (that write changed nothing, in the ledger neither).
    /// </summary>
    public static async Task<GrainStateWriteOutcome[]> WriteAsync(NpgsqlDataSource dataSource, string serviceId,
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

    private static async Task<GrainStateWriteOutcome[]> WriteOnceAsync(NpgsqlDataSource dataSource, string serviceId,
        IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (writes.All(w => w.LedgerEvents.Length == 0))
        {
            return await WriteStatesAsync(connection, null, serviceId, writes, cancellationToken);
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcomes = await WriteStatesAsync(connection, transaction, serviceId, writes, cancellationToken);
        // Only the writes that won: a stale write changed no state, so its events must not reach the ledger either.
        LedgerEvent[] events = [.. writes.Where((_, i) => outcomes[i].Version is not null).SelectMany(w => w.LedgerEvents)];
        await PostgresLedgerRows.WriteAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static async Task<GrainStateWriteOutcome[]> WriteStatesAsync(NpgsqlConnection connection,
        NpgsqlTransaction? transaction, string serviceId, IReadOnlyList<GrainStateWrite> writes,
        CancellationToken cancellationToken)
    {
        var withClaims = writes.Any(w => w.Claim is not null);
        await using var command = new NpgsqlCommand(withClaims ? WriteBatchWithClaims : WriteBatch, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("grain_id", [.. writes.Select(w => w.GrainId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("state_name", [.. writes.Select(w => w.StateName)]));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("expected_version",
            [.. writes.Select(w => w.ExpectedVersion)]));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payload", [.. writes.Select(w => w.Payload)]));
        if (withClaims)
        {
            command.Parameters.Add(new NpgsqlParameter<string?[]>("claim_institution",
                [.. writes.Select(w => w.Claim?.Key.Institution)]));
            command.Parameters.Add(new NpgsqlParameter<string?[]>("claim_msg_id", [.. writes.Select(w => w.Claim?.Key.MsgId)]));
            command.Parameters.Add(new NpgsqlParameter<string?[]>("claim_psn_no", [.. writes.Select(w => w.Claim?.PsnNo)]));
            command.Parameters.Add(new NpgsqlParameter<DateTime?[]>("claim_at", [.. writes.Select(w => w.Claim is { } c
                ? DateTime.SpecifyKind(c.AtUtc, DateTimeKind.Utc) : (DateTime?)null)]));
        }
        var outcomes = new GrainStateWriteOutcome[writes.Count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ord = reader.GetInt64(0); // 1-based, from WITH ORDINALITY.
            outcomes[ord - 1] = reader.GetBoolean(2)
                ? new GrainStateWriteOutcome(null, ClaimRefused: true)
                : new GrainStateWriteOutcome(reader.GetInt64(1), ClaimRefused: false);
        }
        return outcomes;
    }
}
