using System.Globalization;
using System.Text.Json;
using Engine.LoadTests.Cli;
using Engine.LoadTests.Reports;

namespace Engine.LoadTests.Chaos;

/// <summary>Writes report.md, report.html and summary.json, and prints the summary.</summary>
internal static class ChaosReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(ChaosReportData r, string directory)
    {
        var doc = new Doc();
        doc.H(1, $"Chaos test, {r.Started:yyyy-MM-dd HH:mm} UTC: {(r.Passed ? "PASSED" : "FAILED")}");
        doc.Code("Engine.LoadTests chaos " + string.Join(' ', r.Args));
        doc.Table(["", ""], Summary(r).Select(row => (IReadOnlyList<string>)[row.Name, row.Value]));
        doc.H(2, "Kills: throughput dip and recovery");
        doc.P(Inv($"Offered {r.Options.RatePerSecond:0} visits/s. Throughput = ok 2207 replies per second. ") +
            "Recovery: from the kill until two consecutive seconds reach 90 % of the offered rate again (0 = never " +
            "fell below it; \"—\" = not before the next kill).");
        doc.Table(["#", "silo", "killed at", "back at", "before (/s)", "lowest (/s)", "lowest at", "recovery",
                "unknown outcomes"],
            r.Impacts.Select((i, n) => (IReadOnlyList<string>)[
                Inv($"{n + 1}"), Inv($"{i.Kill.Silo}"), Inv($"{i.Kill.KilledAtSeconds:0.0}s"),
                i.Kill.ReadyAtSeconds is { } ready ? Inv($"{ready:0.0}s") : "never",
                Inv($"{i.BeforePerSecond:0.0}"), Inv($"{i.LowestPerSecond}"), Inv($"+{i.LowestAtSecond}s"),
                i.RecoverySeconds is { } s ? Inv($"{s}s") : "—", Inv($"{i.UnknownOutcomes}")]));
        doc.H(2, "Verifier");
        doc.Table(["check", "count"],
            r.Verification.Rows().Select(row => (IReadOnlyList<string>)[row.Name, row.Value]));
        if (r.Verification.Violations.Count > 0)
        {
            doc.H(3, "Violations");
            doc.List(r.Verification.Violations);
        }
        if (r.Added is { } added)
        {
            doc.H(2, "Silo added under load");
            doc.Table(["", ""], AddedRows(added).Select(row => (IReadOnlyList<string>)[row.Name, row.Value]));
        }
        doc.H(2, "Activations per silo at the end (orleans_catalog_activations)");
        doc.Table(["silo", "activations"], r.Activations.Select(a => (IReadOnlyList<string>)[
            Inv($"{a.Silo}"), a.Activations is { } v ? Inv($"{v:0}") : "n/a"]));
        doc.H(2, "Per second");
        doc.Table(["second", "offered", "ok 2207", "unknown", "rejected"],
            Enumerable.Range(0, r.Run.Timeline.Seconds).Select(s => (IReadOnlyList<string>)[
                Inv($"{s}"), Inv($"{r.Run.Timeline.OfferedAt(s)}"), Inv($"{r.Run.Timeline.SettledAt(s)}"),
                Inv($"{r.Run.Timeline.UnknownAt(s)}"), Inv($"{r.Run.Timeline.FailedAt(s)}")]));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), doc.Markdown());
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), doc.Html("Chaos test"));
        await File.WriteAllTextAsync(Path.Combine(directory, "summary.json"),
            JsonSerializer.Serialize(SummaryJson(r), Indented));
        PrintSummary(r, directory);
    }

    private static IEnumerable<(string Name, string Value)> Summary(ChaosReportData r)
    {
        var v = r.Verification;
        yield return ("result", r.Passed ? "PASSED" : "FAILED");
        yield return ("duration", Inv($"{DurationText.Format(r.Options.Duration)} of load ") +
            Inv($"({r.Run.LoadSeconds:0} s with the drain), {r.Options.Silos} silos, {r.Options.Terminals} terminals"));
        yield return ("kills", Inv($"{r.Run.Kills.Count} of {r.PlannedKills} planned, at ") +
            string.Join(", ", r.Run.Kills.Select(k => Inv($"{k.KilledAtSeconds:0}s (silo {k.Silo})"))));
        yield return ("visits", Inv($"{r.Run.VisitsCompleted:N0} completed, {r.Run.VisitsAbandoned} abandoned ") +
            Inv($"(unknown outcome), {r.Run.VisitsRejected} rejected, {r.Run.VisitsFaulted} faulted, ") +
            Inv($"{r.Run.Drops} dropped"));
        yield return ("settlements", Inv($"{v.SettlementsOk:N0} replied ok, {v.CancellationsOk:N0} cancelled"));
        yield return ("lost", Inv($"{v.SettlementsLost + v.CancellationsLost}"));
        yield return ("duplicated", Inv($"{v.SettlementsDuplicated + v.CancellationsDuplicated}"));
        yield return ("unknown outcomes", Inv($"{v.UnknownOutcomes} ({v.UnknownReversed} reversed by 2601, ") +
            Inv($"{v.UnknownReversalRejected} 2601 rejected, {v.UnknownUnresolved} unresolved)"));
        yield return ("accumulator mismatches", Inv($"{v.AccumulatorMismatches} ({v.PersonsChecked:N0} persons)"));
        yield return ("cap violations", Inv($"{v.CapViolations}"));
        yield return ("reconciliation / clearing mismatches",
            Inv($"{v.ReconciliationMismatchFen} fen, {v.ReconciliationCountMismatches} counts / ") +
            Inv($"{v.ClearingMismatchFen} fen, {v.ClearingCountMismatches} counts"));
        yield return ("ledger settled", Inv($"{r.LedgerSettleSeconds:0} s after the load"));
    }

    private static IEnumerable<(string Name, string Value)> AddedRows(AddedSilo a)
    {
        yield return ("silo", Inv($"{a.Silo}, joined at {a.JoinedAtSeconds:0.0}s"));
        yield return ("answers after the join", Inv($"{a.RepliesAfterJoin:N0}"));
        yield return ("… given by the new silo's gateway", Inv($"{a.RepliesByNewSilo:N0} ({a.OkByNewSilo:N0} ok)"));
        yield return (Inv($"non-ok answers in the {AddedSilo.WindowSeconds} s after the join"),
            Inv($"{a.ErrorsInWindow}") + (a.KillInWindow ? " (a kill fell in this window)" : ""));
    }

    private static void PrintSummary(ChaosReportData r, string directory)
    {
        Console.WriteLine();
        Console.WriteLine("== chaos summary ==");
        foreach (var (name, value) in Summary(r)) Console.WriteLine($"{name,-38} {value}");
        foreach (var (i, n) in r.Impacts.Select((i, n) => (i, n)))
        {
            Console.WriteLine(Inv($"kill {n + 1}: silo {i.Kill.Silo} at {i.Kill.KilledAtSeconds:0.0}s, back at ") +
                (i.Kill.ReadyAtSeconds is { } ready ? Inv($"{ready:0.0}s") : "never") +
                Inv($"; ok settles/s {i.BeforePerSecond:0.0} before, ") +
                Inv($"lowest {i.LowestPerSecond} at +{i.LowestAtSecond}s, ") +
                "recovery " + (i.RecoverySeconds is { } s ? Inv($"{s}s") : "not before the next kill"));
        }
        if (r.Added is { } a)
        {
            foreach (var (name, value) in AddedRows(a)) Console.WriteLine($"added silo: {name,-30} {value}");
        }
        Console.WriteLine("activations per silo: " + string.Join(", ",
            r.Activations.Select(x => Inv($"silo {x.Silo} {x.Activations:0}"))));
        foreach (var violation in r.Verification.Violations.Take(10)) Console.WriteLine("VIOLATION: " + violation);
        Console.WriteLine($"reports: {Path.Combine(directory, "report.md")}, report.html, summary.json, replies.csv, " +
            "silo-N.log");
    }

    private static object SummaryJson(ChaosReportData r) => new
    {
        passed = r.Passed,
        durationSeconds = r.Options.Duration.TotalSeconds,
        silos = r.Options.Silos,
        ratePerSecond = r.Options.RatePerSecond,
        plannedKills = r.PlannedKills,
        kills = r.Run.Kills.Select(k => new { k.Silo, k.KilledAtSeconds, k.ReadyAtSeconds }),
        impacts = r.Impacts.Select(i => new
        {
            i.Kill.Silo, i.BeforePerSecond, i.LowestPerSecond, i.LowestAtSecond, i.RecoverySeconds, i.UnknownOutcomes,
        }),
        visitsCompleted = r.Run.VisitsCompleted,
        visitsAbandoned = r.Run.VisitsAbandoned,
        visitsRejected = r.Run.VisitsRejected,
        visitsFaulted = r.Run.VisitsFaulted,
        drops = r.Run.Drops,
        verification = r.Verification,
        settlementsOk = r.Verification.SettlementsOk,
        lost = r.Verification.SettlementsLost + r.Verification.CancellationsLost,
        duplicated = r.Verification.SettlementsDuplicated + r.Verification.CancellationsDuplicated,
        accumulatorMismatches = r.Verification.AccumulatorMismatches,
        capViolations = r.Verification.CapViolations,
        reconciliationMismatchFen = r.Verification.ReconciliationMismatchFen,
        clearingMismatchFen = r.Verification.ClearingMismatchFen,
        violations = r.Verification.Violations,
        added = r.Added,
        activations = r.Activations.Select(a => new { a.Silo, a.Activations }),
    };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
