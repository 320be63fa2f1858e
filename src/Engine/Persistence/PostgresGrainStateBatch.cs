using Engine.Accounting;
using Engine.Lifecycle;
using Engine.Messaging;
using Npgsql;

namespace Engine.Persistence;

/// <summary>
/// Writes a batch of grain states (<c>engine_grain_state</c>) in one statement, hence one transaction and one commit,
/// with optimistic concurrency per row: a write whose expected version is no longer the row's changes nothing and
/// gets no new version, while the others in the same statement commit. When writes carry ledger events, the
/// statement inserts the rows of the writes that won too, so that a state and its events commit together or not at
/// all; a batch with a retraction (2601) is a transaction of two parts instead, the states and then the events of the
/// writes that won (<see cref="PostgresLedgerRows"/>), still one commit. When writes carry msgId claims
/// (<see cref="IHasMessageClaim"/>), the statement inserts them too, and writes a state only if its claim is the
/// person's: inserted by this statement, or held by the same person before.
/// </summary>
public static class PostgresGrainStateBatch
{
    // The statement is a function of the schema (Schema.sql, engine_write_grain_states, which says what it does): it
    // is planned once per connection, where this text is planned on every call (plan_cache_mode force_custom_plan,
    // PostgresConnections) and costs nothing to plan. A batch without claims passes NULL claim arrays; one without
    // ledger rows, NULL event arrays.
    private const string WriteBatch = """
        SELECT write_ord, new_version, claim_refused
          FROM engine_write_grain_states(@service_id::varchar, @grain_id::varchar[], @state_name::varchar[],
                   @expected_version::bigint[], @payload::bytea[], @claim_institution::varchar[],
                   @claim_msg_id::varchar[], @claim_psn_no::varchar[], @claim_at::timestamptz[],
                   @event_write_ord::bigint[], @event_id::varchar[], @institution::varchar[], @business_day::date[],
                   @insured_region::varchar[], @treatment_region::varchar[], @medfee_fen::bigint[],
                   @fund_pay_fen::bigint[], @pooled_fund_fen::bigint[], @civil_servant_fen::bigint[],
                   @account_fen::bigint[])
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
        if (!writes.Any(w => w.LedgerEvents.Any(e => e.Retracts)))
        {
            // The usual batch: states, claims and ledger rows in one statement, one round trip, one commit.
            return await WriteStatesAsync(connection, null, serviceId, writes, withEvents: true, cancellationToken);
        }
        // A retraction (2601) must follow its row, which may be in this batch: the states first, then the events of
        // the writes that won, rows before retractions (PostgresLedgerRows), all in one transaction.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcomes = await WriteStatesAsync(connection, transaction, serviceId, writes, withEvents: false,
            cancellationToken);
        // Only the writes that won: a stale write changed no state, so its events must not reach the ledger either.
        LedgerEvent[] events = [.. writes.Where((_, i) => outcomes[i].Version is not null).SelectMany(w => w.LedgerEvents)];
        await PostgresLedgerRows.WriteAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static async Task<GrainStateWriteOutcome[]> WriteStatesAsync(NpgsqlConnection connection,
        NpgsqlTransaction? transaction, string serviceId, IReadOnlyList<GrainStateWrite> writes, bool withEvents,
        CancellationToken cancellationToken)
    {
        var withClaims = writes.Any(w => w.Claim is not null);
        await using var command = new NpgsqlCommand(WriteBatch, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("grain_id", [.. writes.Select(w => w.GrainId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("state_name", [.. writes.Select(w => w.StateName)]));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("expected_version",
            [.. writes.Select(w => w.ExpectedVersion)]));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payload", [.. writes.Select(w => w.Payload)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]?>("claim_institution",
            withClaims ? [.. writes.Select(w => w.Claim?.Key.Institution)] : null));
        command.Parameters.Add(new NpgsqlParameter<string?[]?>("claim_msg_id",
            withClaims ? [.. writes.Select(w => w.Claim?.Key.MsgId)] : null));
        command.Parameters.Add(new NpgsqlParameter<string?[]?>("claim_psn_no",
            withClaims ? [.. writes.Select(w => w.Claim?.PsnNo)] : null));
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]?>("claim_at", withClaims
            ? [.. writes.Select(w => w.Claim is { } c ? DateTime.SpecifyKind(c.AtUtc, DateTimeKind.Utc) : (DateTime?)null)]
            : null));
        // Each event with the 1-based position of its write, as the statement numbers the writes.
        var eventCount = withEvents ? writes.Sum(w => w.LedgerEvents.Length) : 0;
        long[]? eventWriteOrds = eventCount > 0 ? new long[eventCount] : null;
        LedgerEvent[]? events = eventCount > 0 ? new LedgerEvent[eventCount] : null;
        for (int i = 0, e = 0; events is not null && i < writes.Count; i++)
        {
            foreach (var ledgerEvent in writes[i].LedgerEvents)
            {
                eventWriteOrds![e] = i + 1L;
                events[e++] = ledgerEvent;
            }
        }
        command.Parameters.Add(new NpgsqlParameter<long[]?>("event_write_ord", eventWriteOrds));
        PostgresLedgerRows.AddRowParameters(command, events);
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
