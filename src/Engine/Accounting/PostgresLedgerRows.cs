using Engine.Lifecycle;
using Npgsql;
using NpgsqlTypes;

namespace Engine.Accounting;

/// <summary>
/// How ledger events become rows of <c>engine_ledger_row</c>, in one place for both ways they get there: the ledger
/// store's own appends (<see cref="PostgresLedgerStore"/>, the outbox relay) and the events that a person's state
/// write commits in its own transaction (<see cref="Engine.Persistence.PostgresGrainStateBatch"/>). Idempotent by
/// event id, so an event written by both, or twice by either, counts once.
/// </summary>
public static class PostgresLedgerRows
{
    // The widths of engine_ledger_row's text columns (Schema.sql).
    private const int EventIdLengthMax = 96;
    private const int InstitutionLengthMax = 64;
    private const int RegionLengthMax = 16;

    // The usual state batch inserts its rows with the same statement inside Schema.sql's engine_write_grain_states
    // (its ledger_rows part), so that they share the state write's round trip: change both.
    private const string InsertRows = """
        INSERT INTO engine_ledger_row (event_id, institution, business_day, insured_region, treatment_region,
            medfee_fen, fund_pay_fen, pooled_fund_fen, civil_servant_fen, account_fen, retracted)
        SELECT r.event_id, r.institution, r.business_day, r.insured_region, r.treatment_region, r.medfee_fen,
               r.fund_pay_fen, r.pooled_fund_fen, r.civil_servant_fen, r.account_fen,
               EXISTS (SELECT 1 FROM engine_ledger_retraction x WHERE x.event_id = r.event_id)
          FROM unnest(@event_id, @institution, @business_day, @insured_region, @treatment_region, @medfee_fen,
                      @fund_pay_fen, @pooled_fund_fen, @civil_servant_fen, @account_fen)
            AS r(event_id, institution, business_day, insured_region, treatment_region, medfee_fen,
                 fund_pay_fen, pooled_fund_fen, civil_servant_fen, account_fen)
        ON CONFLICT (event_id) DO NOTHING
        """;

    // The retraction is remembered as well, for a row that has not arrived yet (redelivery order across silos is
    // not guaranteed): InsertRows then inserts it retracted.
    private const string Retract = """
        WITH marked AS (
            INSERT INTO engine_ledger_retraction (event_id) SELECT unnest(@event_id) ON CONFLICT DO NOTHING)
        UPDATE engine_ledger_row SET retracted = true WHERE event_id = ANY(@event_id)
        """;

    /// <summary>
    /// Writes <paramref name="events"/> within <paramref name="transaction"/>, which the caller commits: rows
    /// first, then retractions. Events are in outbox order, where a row comes before its retraction, so this order
    /// keeps it. Rows applied before are skipped; a retraction applied again changes nothing.
    /// </summary>
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken)
    {
        var rows = events.Where(e => !e.Retracts).ToArray();
        var retractions = events.Where(e => e.Retracts).Select(e => e.EventId).ToArray();
        if (rows.Length > 0)
        {
            await using var insert = new NpgsqlCommand(InsertRows, connection, transaction);
            AddRowParameters(insert, rows);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        if (retractions.Length > 0)
        {
            await using var retract = new NpgsqlCommand(Retract, connection, transaction);
            retract.Parameters.Add(new NpgsqlParameter<string[]>("event_id", retractions));
            await retract.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The events at the head of <paramref name="events"/> that the ledger's columns can hold, up to the first
    /// that they cannot (a code longer than its column, or a NUL character). A state write takes only these: one
    /// such event in its transaction would fail the whole batch, i.e. the state writes of every grain in it.
    /// The rest stays in the outbox for the relay, which fails on it alone, as it always did.
    /// </summary>
    public static LedgerEvent[] StorablePrefix(IReadOnlyList<LedgerEvent> events)
    {
        var count = 0;
        while (count < events.Count && Fits(events[count]))
        {
            count++;
        }
        return count == 0 ? [] : [.. events.Take(count)];
    }

    private static bool Fits(LedgerEvent e) =>
        Fits(e.EventId, EventIdLengthMax) && Fits(e.Institution, InstitutionLengthMax) &&
        Fits(e.InsuredRegion, RegionLengthMax) && Fits(e.TreatmentRegion, RegionLengthMax);

    // string.Length counts UTF-16 units, never fewer than the characters varchar(n) counts.
    private static bool Fits(string value, int lengthMax) => value.Length <= lengthMax && !value.Contains('\0');

    /// <summary>
    /// The parameters of <paramref name="rows"/>' columns, one array each (event_id, institution, business_day, …,
    /// account_fen), as <see cref="InsertRows"/> and the state batch's statement name them; all NULL when
    /// <paramref name="rows"/> is null.
    /// </summary>
    internal static void AddRowParameters(NpgsqlCommand command, LedgerEvent[]? rows)
    {
        command.Parameters.Add(new NpgsqlParameter<string[]?>("event_id", rows?.Select(r => r.EventId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]?>("institution", rows?.Select(r => r.Institution).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]?>("business_day",
            rows?.Select(r => DateOnly.FromDateTime(r.At)).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter<string[]?>("insured_region", rows?.Select(r => r.InsuredRegion).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]?>("treatment_region",
            rows?.Select(r => r.TreatmentRegion).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]?>("medfee_fen", rows?.Select(r => r.Figures.MedfeeSumamt.Fen).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]?>("fund_pay_fen",
            rows?.Select(r => r.Figures.FundPaySumamt.Fen).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]?>("pooled_fund_fen", rows?.Select(r => r.Figures.HifpPay.Fen).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]?>("civil_servant_fen",
            rows?.Select(r => r.Figures.CvlservPay.Fen).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]?>("account_fen", rows?.Select(r => r.Figures.AcctPay.Fen).ToArray()));
    }
}
