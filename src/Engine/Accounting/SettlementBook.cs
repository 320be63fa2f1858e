using System.Collections.Immutable;
using Engine.Contracts.Messages;
using Engine.Lifecycle;

namespace Engine.Accounting;

/// <summary>
/// Reconciliation (per institution and day, 3201) and clearing (per month and insured/treatment region) kept
/// from the persons' ledger events. Applying an event is idempotent by its id: a redelivered row or retraction
/// changes nothing, so an outbox may deliver at least once and the sums still equal the committed settlements.
/// Pure and single-threaded: the owner (a grain, the in-process engine, or one lock of the in-memory ledger)
/// serialises calls.
/// </summary>
public sealed class SettlementBook
{
    private readonly Dictionary<string, LedgerEvent> rows = new(StringComparer.Ordinal);
    private readonly HashSet<string> retracted = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Institution, DateOnly Day), BookTotals> byInstitutionDay = [];
    private readonly Dictionary<(int Year, int Month, string Insured, string Treatment), BookTotals> byRegionMonth = [];

    /// <summary>Applies one event; returns false when it was applied before.</summary>
    public bool Apply(LedgerEvent ledgerEvent)
    {
        if (ledgerEvent.Retracts)
        {
            if (!retracted.Add(ledgerEvent.EventId)) return false;
            if (rows.Remove(ledgerEvent.EventId, out var row)) Add(row, sign: -1);
            return true;
        }
        if (retracted.Contains(ledgerEvent.EventId) || !rows.TryAdd(ledgerEvent.EventId, ledgerEvent)) return false;
        Add(ledgerEvent, sign: +1);
        return true;
    }

    /// <summary>3201: the engine's figures for an institution's day, balanced against the institution's own.</summary>
    public ReconciliationFigures Reconcile(ReconcileRequest request) => Reconcile(request, [this]);

    /// <summary>3201 over books that each hold a part of one ledger's rows (<see cref="InMemoryLedgerStore"/>).</summary>
    public static ReconciliationFigures Reconcile(ReconcileRequest request, IEnumerable<SettlementBook> books)
    {
        var totals = default(BookTotals);
        foreach (var book in books)
        {
            totals += book.byInstitutionDay.GetValueOrDefault((request.Institution, request.Date));
        }
        var balanced = totals.Count == request.Count && totals.Medfee == request.MedfeeSum &&
            totals.FundPay == request.FundPaySum && totals.Account == request.AcctPaySum;
        return new ReconciliationFigures(balanced, totals.Count, totals.Medfee, totals.FundPay, totals.Account);
    }

    /// <summary>The clearing statement of a month, ordered by insured then treatment region.</summary>
    public ImmutableArray<ClearingLine> Clearing(int year, int month) => Clearing(year, month, [this]);

    /// <summary>The clearing statement over books that each hold a part of one ledger's rows.</summary>
    public static ImmutableArray<ClearingLine> Clearing(int year, int month, IEnumerable<SettlementBook> books) =>
        books
            .SelectMany(book => book.byRegionMonth)
            .Where(e => e.Key.Year == year && e.Key.Month == month)
            .GroupBy(e => (e.Key.Insured, e.Key.Treatment), e => e.Value)
            .Select(regions => (Regions: regions.Key, Totals: regions.Aggregate((sum, part) => sum + part)))
            .Where(e => e.Totals.Count != 0)
            .OrderBy(e => e.Regions.Insured, StringComparer.Ordinal)
            .ThenBy(e => e.Regions.Treatment, StringComparer.Ordinal)
            .Select(e => new ClearingLine(e.Regions.Insured, e.Regions.Treatment, e.Totals.Count, e.Totals.Medfee,
                e.Totals.PooledFund, e.Totals.CivilServant, e.Totals.Account))
            .ToImmutableArray();

    private void Add(LedgerEvent row, int sign)
    {
        var dayKey = (row.Institution, DateOnly.FromDateTime(row.At));
        byInstitutionDay[dayKey] = byInstitutionDay.GetValueOrDefault(dayKey).With(row.Figures, sign);
        var monthKey = (row.At.Year, row.At.Month, row.InsuredRegion, row.TreatmentRegion);
        byRegionMonth[monthKey] = byRegionMonth.GetValueOrDefault(monthKey).With(row.Figures, sign);
    }
}
