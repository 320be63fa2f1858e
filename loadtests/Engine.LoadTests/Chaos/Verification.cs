namespace Engine.LoadTests.Chaos;

/// <summary>The verifier's counts. <see cref="Violations"/> lists each broken invariant; empty means none.</summary>
internal sealed class Verification
{
    public int SettlementsOk { get; set; }
    public int SettlementsFoundOnce { get; set; }
    public int SettlementsLost { get; set; }
    public int SettlementsDuplicated { get; set; }
    public int SettlementFigureMismatches { get; set; }
    public int CancellationsOk { get; set; }
    public int CancellationsFoundOnce { get; set; }
    public int CancellationsLost { get; set; }
    public int CancellationsDuplicated { get; set; }
    public int UnseenReversed { get; set; }
    public int UnseenExplainedByUnknown { get; set; }
    public int UnseenUnexplained { get; set; }
    public int UnknownOutcomes { get; set; }
    public int UnknownReversed { get; set; }
    public int UnknownReversalRejected { get; set; }
    public int UnknownUnresolved { get; set; }
    public int RegistryMismatches { get; set; }
    public int PersonsChecked { get; set; }
    public int AccumulatorMismatches { get; set; }
    public int CapViolations { get; set; }
    public int ReconciliationsChecked { get; set; }
    public long ReconciliationMismatchFen { get; set; }
    public int ReconciliationCountMismatches { get; set; }
    public int ClearingMonthsChecked { get; set; }
    public long ClearingMismatchFen { get; set; }
    public int ClearingCountMismatches { get; set; }
    public long LedgerSumMedfeeFen { get; set; }
    public List<string> Violations { get; } = [];

    public bool Passed => Violations.Count == 0;

    /// <summary>Records a violation, keeping the first 50 details (the counts carry the rest).</summary>
    public void Violation(string detail)
    {
        if (Violations.Count < 50) Violations.Add(detail);
        else if (Violations.Count == 50) Violations.Add("… more violations; see the counts.");
    }

    public IEnumerable<(string Name, string Value)> Rows()
    {
        yield return ("settlements replied ok", $"{SettlementsOk}");
        yield return ("… found exactly once in the ledger, same figures", $"{SettlementsFoundOnce}");
        yield return ("… lost (no row, or retracted)", $"{SettlementsLost}");
        yield return ("… duplicated", $"{SettlementsDuplicated}");
        yield return ("… ledger figures differ from the reply", $"{SettlementFigureMismatches}");
        yield return ("cancellations replied ok", $"{CancellationsOk}");
        yield return ("… found exactly once", $"{CancellationsFoundOnce}");
        yield return ("… lost", $"{CancellationsLost}");
        yield return ("… duplicated", $"{CancellationsDuplicated}");
        yield return ("ledger rows no client saw: reversed by 2601 (retracted)", $"{UnseenReversed}");
        yield return ("ledger rows no client saw: standing, of an unknown outcome", $"{UnseenExplainedByUnknown}");
        yield return ("ledger rows no client saw: unexplained", $"{UnseenUnexplained}");
        yield return ("unknown outcomes (settle/cancel) in all", $"{UnknownOutcomes}");
        yield return ("… reversed by 2601", $"{UnknownReversed}");
        yield return ("… 2601 rejected", $"{UnknownReversalRejected}");
        yield return ("… unresolved", $"{UnknownUnresolved}");
        yield return ("msgId registry disagreements", $"{RegistryMismatches}");
        yield return ("persons checked with 1101", $"{PersonsChecked}");
        yield return ("accumulator / balance mismatches", $"{AccumulatorMismatches}");
        yield return ("cap violations", $"{CapViolations}");
        yield return ("reconciliations (institution × day) checked", $"{ReconciliationsChecked}");
        yield return ("reconciliation mismatch (fen; count mismatches)",
            $"{ReconciliationMismatchFen} ({ReconciliationCountMismatches})");
        yield return ("clearing months checked", $"{ClearingMonthsChecked}");
        yield return ("clearing mismatch (fen; count mismatches)",
            $"{ClearingMismatchFen} ({ClearingCountMismatches})");
    }
}
