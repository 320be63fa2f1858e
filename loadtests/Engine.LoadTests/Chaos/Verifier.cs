using Engine.Client;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.LoadTests.Population;
using Engine.Reference;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// Checks, after the load, the engine's own records (the ledger and msgId registry in PostgreSQL, 1101 person
/// figures, 9103 reconciliation, 9102 clearing) against the client's <see cref="ReplyLog"/>: every settlement and
/// cancellation replied ok exists exactly once with the replied figures; no settlement or cancellation stands that
/// no client saw, unless it was reversed by 2601 (retracted) or an unknown outcome of that person accounts for it;
/// each person's accumulators and balance equal their seed plus their standing ledger rows; no annual cap is
/// exceeded; reconciliation and clearing equal the sums of the settlements to the fen.
/// </summary>
internal sealed partial class Verifier(
    SyntheticPopulation population, IReadOnlyList<ReplyRecord> records, IReadOnlySet<string> baselineEventIds,
    IReadOnlyList<LedgerRow> baselineRows, IReadOnlyList<LedgerRow> ledger,
    IReadOnlyDictionary<(string Institution, string MsgId), (string? PsnNo, bool Reversed)> registry)
{
    private readonly Verification result = new();

    /// <summary>Figures in fen that each standing row should contribute (the reply's, or the row's own for rows no
    /// reply names), by event id.</summary>
    private readonly Dictionary<string, LedgerRow> expectedRows = [];

    /// <summary>The deductible (act_pay_dedc, fen) each row's reply carried: the ledger has no column for it, so a
    /// person's deductible-used is checked only when every standing row of theirs was answered ok.</summary>
    private readonly Dictionary<string, long> deductibleByEvent = [];

    public async Task<Verification> RunAsync(SettlementClient personInfo, AdminClient admin,
        CancellationToken cancellationToken)
    {
        var rows = ledger.Where(r => !baselineEventIds.Contains(r.EventId)).ToList();
        foreach (var row in baselineRows.Where(r => !r.Retracted)) expectedRows[row.EventId] = row;
        var unknownSettles = CountUnknowns("2207");
        var unknownCancels = CountUnknowns("2208");
        CheckSettlements(rows);
        CheckCancellations(rows);
        CheckUnseen(rows, unknownSettles, unknownCancels);
        CheckRegistry();
        await CheckPersonsAsync(personInfo, cancellationToken);
        await CheckReconciliationAsync(admin, cancellationToken);
        await CheckClearingAsync(admin, cancellationToken);
        result.LedgerSumMedfeeFen = rows.Where(r => !r.Retracted).Sum(r => r.MedfeeFen);
        return result;
    }

    /// <summary>Unknown outcomes not reversed, per person: each may stand behind one row no client saw.</summary>
    private Dictionary<string, int> CountUnknowns(string op)
    {
        var unknowns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in records.Where(r => r.Operation == op && r.Unknown != UnknownResolution.None))
        {
            result.UnknownOutcomes++;
            switch (r.Unknown)
            {
                case UnknownResolution.Reversed: result.UnknownReversed++; continue;
                case UnknownResolution.ReversalRejected: result.UnknownReversalRejected++; break;
                default: result.UnknownUnresolved++; break;
            }
            unknowns[r.PsnNo] = unknowns.GetValueOrDefault(r.PsnNo) + 1;
        }
        return unknowns;
    }

    private void CheckSettlements(List<LedgerRow> rows)
    {
        var byEvent = rows.ToDictionary(r => r.EventId, StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in records.Where(r => r.Operation == "2207" && r.IsOk))
        {
            result.SettlementsOk++;
            var id = r.SettlementId!;
            if (seen.TryGetValue(id, out var other))
            {
                result.SettlementsDuplicated++;
                result.Violation($"settlement {id} replied to two msgIds: {other} and {r.MsgId}");
                continue;
            }
            seen[id] = r.MsgId;
            if (!byEvent.TryGetValue(id + "#s", out var row) || row.Retracted)
            {
                result.SettlementsLost++;
                result.Violation($"settlement {id} (msgId {r.MsgId}) replied ok but " +
                    (row is null ? "has no ledger row" : "its row is retracted"));
                ExpectFromReply(id + "#s", r);
                continue;
            }
            if (!SameFigures(row, r.Figures))
            {
                result.SettlementFigureMismatches++;
                result.Violation($"settlement {id}: ledger figures differ from the reply");
                expectedRows[row.EventId] = WithReplyFigures(row, r.Figures!); // Reconciliation shows the fen.
                continue;
            }
            result.SettlementsFoundOnce++;
            expectedRows[row.EventId] = WithReplyFigures(row, r.Figures!);
            deductibleByEvent[row.EventId] = r.Figures!.DeductibleFen;
        }
    }

    private void CheckCancellations(List<LedgerRow> rows)
    {
        var bySettlement = rows.Where(r => !r.IsSettlement && !r.Retracted)
            .GroupBy(r => r.SettlementId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var r in records.Where(r => r.Operation == "2208" && r.IsOk))
        {
            result.CancellationsOk++;
            var standing = bySettlement.GetValueOrDefault(r.Subject!) ?? [];
            if (standing.Count == 0)
            {
                result.CancellationsLost++;
                result.Violation($"cancellation of {r.Subject} (msgId {r.MsgId}) replied ok but has no standing row");
                ExpectFromReply(r.Subject + "#c-lost-" + r.MsgId, r);
                continue;
            }
            if (standing.Count > 1)
            {
                result.CancellationsDuplicated++;
                result.Violation($"cancellation of {r.Subject}: {standing.Count} standing rows");
                continue;
            }
            if (!SameFigures(standing[0], r.Figures))
            {
                result.SettlementFigureMismatches++;
                result.Violation($"cancellation {standing[0].EventId}: ledger figures differ from the reply");
                expectedRows[standing[0].EventId] = WithReplyFigures(standing[0], r.Figures!);
                continue;
            }
            result.CancellationsFoundOnce++;
            expectedRows[standing[0].EventId] = WithReplyFigures(standing[0], r.Figures!);
            deductibleByEvent[standing[0].EventId] = r.Figures!.DeductibleFen;
        }
    }

    /// <summary>Rows no ok reply names: retracted (a 2601 undid them), or standing for an unknown outcome of the
    /// same person; anything beyond that is a duplicate or a phantom.</summary>
    private void CheckUnseen(List<LedgerRow> rows, Dictionary<string, int> unknownSettles,
        Dictionary<string, int> unknownCancels)
    {
        foreach (var row in rows.Where(r => !expectedRows.ContainsKey(r.EventId)))
        {
            if (row.Retracted)
            {
                result.UnseenReversed++;
                continue;
            }
            var budget = row.IsSettlement ? unknownSettles : unknownCancels;
            if (budget.GetValueOrDefault(row.PsnNo) > 0)
            {
                budget[row.PsnNo]--;
                result.UnseenExplainedByUnknown++;
                expectedRows[row.EventId] = row;
                continue;
            }
            result.UnseenUnexplained++;
            if (row.IsSettlement) result.SettlementsDuplicated++;
            else result.CancellationsDuplicated++;
            result.Violation($"ledger row {row.EventId} stands, but no client saw it and no unknown outcome of " +
                $"{row.PsnNo} accounts for it");
        }
    }

    /// <summary>Every msgId answered ok is held by the person it was sent for, and not reversed.</summary>
    private void CheckRegistry()
    {
        foreach (var r in records.Where(r => r.IsOk && r.Operation != "2601"))
        {
            if (!registry.TryGetValue((r.Institution, r.MsgId), out var entry))
            {
                result.RegistryMismatches++;
                result.Violation($"msgId {r.MsgId} replied ok is not in engine_message_registry");
            }
            else if (entry.PsnNo != r.PsnNo || entry.Reversed)
            {
                result.RegistryMismatches++;
                result.Violation($"msgId {r.MsgId}: registry holder {entry.PsnNo}, reversed {entry.Reversed}; " +
                    $"sent for {r.PsnNo}");
            }
        }
    }

    /// <summary>A reply whose row is missing still counts in the reconciliation and clearing the engine owes:
    /// a lost settlement must show there too, not only in the ledger check.</summary>
    private void ExpectFromReply(string eventId, ReplyRecord r)
    {
        var f = r.Figures!;
        expectedRows[eventId] = new LedgerRow(eventId, r.Institution, DateOnly.FromDateTime(r.BusinessAt), "", "",
            f.MedfeeFen, f.FundPayFen, f.PooledFundFen, f.CivilServantFen, f.AccountFen, Retracted: false);
    }

    private static bool SameFigures(LedgerRow row, FiguresFen? f) =>
        f is not null && row.MedfeeFen == f.MedfeeFen && row.FundPayFen == f.FundPayFen
        && row.PooledFundFen == f.PooledFundFen && row.CivilServantFen == f.CivilServantFen
        && row.AccountFen == f.AccountFen;

    private static LedgerRow WithReplyFigures(LedgerRow row, FiguresFen f) => row with
    {
        MedfeeFen = f.MedfeeFen,
        FundPayFen = f.FundPayFen,
        PooledFundFen = f.PooledFundFen,
        CivilServantFen = f.CivilServantFen,
        AccountFen = f.AccountFen,
    };

    private static Money Fen(long fen) => Money.FromFen(Math.Max(0, fen));

    private static string Text(SettlementStatus status) => status == SettlementStatus.Ok ? "OK" : status.ToCode();
}
