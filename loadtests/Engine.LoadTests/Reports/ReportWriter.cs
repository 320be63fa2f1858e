using System.Globalization;
using System.Text.Json;
using Engine.LoadTests.Cli;
using Engine.LoadTests.Diagnostics;
using Engine.LoadTests.Hosting;
using Engine.LoadTests.Running;
using HdrHistogram;

namespace Engine.LoadTests.Reports;

/// <summary>Writes report.md, report.html, the PNG plots and summary.json; evaluates the thresholds.</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <returns>Whether every threshold passed.</returns>
    public static bool Write(RunReport r, string directory)
    {
        var measured = Measured(r);
        var totals = Totals.Of(measured);
        var thresholds = r.Options.Thresholds.Select(t =>
        {
            var actual = t.Actual(totals.Inputs);
            return (Threshold: t, Actual: actual, Pass: t.Passes(actual));
        }).ToList();
        var passed = thresholds.TrueForAll(t => t.Pass);
        Plots.Write(r, measured, directory);

        var doc = new Doc();
        var title = $"Load test: {r.Options.ScenarioName}, {r.Started:yyyy-MM-dd HH:mm} UTC";
        doc.H(1, title);
        doc.Code("Engine.LoadTests " + string.Join(' ', r.Args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)));
        doc.List([
            $"Machine: {r.Machine.Summary}. Load average {r.Machine.LoadAverage} at the start, {r.LoadAverageAtEnd} at the end (other work on the machine shows here).",
            $"Engine: {r.Engine.Where}; storage: {r.Engine.Storage}" +
                (r.Engine.PostgresVersion is { } v ? $" (PostgreSQL {v}, {r.Engine.Postgres})" : "") + ".",
            $"Population (seed {r.Options.Seed}): {r.Population.Reference.Persons.Length:N0} persons, " +
                $"{r.Population.Reference.Institutions.Length} institutions, {r.Population.Reference.Regions.Length} regions, " +
                $"{r.Population.Reference.Policies.Length} policies, {r.Population.Reference.Catalog.Length:N0} catalogue entries" +
                (r.Options.SkipLoad ? " (not loaded by this run: --skip-load)." : ", loaded through the admin messages."),
            $"Terminals: {r.Options.Terminals} connections; in-flight bound {r.Options.MaxInFlight:N0} iterations; request time-out {DurationText.Format(r.Options.RequestTimeout)}.",
            $"One iteration = one {r.IterationName}. Measured phases: {string.Join(", ", measured.Select(p => p.Name))}" +
                (r.Options.ThresholdPhase is null ? " (every phase not named warmup*)." : " (--threshold-phase)."),
        ]);

        doc.H(2, "Result");
        doc.Table(["figure", "value"], SummaryRows(r, measured, totals));
        if (thresholds.Count > 0)
        {
            doc.H(2, passed ? "Thresholds: passed" : "Thresholds: FAILED");
            doc.Table(["threshold", "actual", "result"], thresholds.Select(t => (IReadOnlyList<string>)
                [t.Threshold.Text, t.Threshold.FormatActual(t.Actual), t.Pass ? "pass" : "**FAIL**"]));
        }

        doc.H(2, "Phases");
        doc.P("Latency of a whole iteration, in ms, from its scheduled start (open loop; closed loop: from its actual " +
            "start). Offered is the rate the phase scheduled; achieved counts the iterations it scheduled that completed " +
            "(ok or an expected rejection) per second of the phase. CPU is in cores (2.00 = the whole machine) over the phase. " +
            "Paused for GC: the share of the phase the silo (its runtime's events) and this generator (its runtime's " +
            "counters) stood suspended for collections; the generator's pauses delay its sends and reads, so they are " +
            "inside the latencies too.");
        doc.Table(["phase", "load", "offered/s", "achieved/s", "p50", "p90", "p99", "p99.9", "max", "completed", "errors",
                "time-outs", "dropped", "CPU silo", "CPU PostgreSQL", "CPU generator", "CPU others", "silo paused for GC",
                "generator paused for GC (collections gen0/1/2)"],
            r.Phases.Select(p => (IReadOnlyList<string>)
            [
                p.Name + (p.Spec.IsWarmup ? " (warm-up)" : ""), p.Spec.Describe(), F1(p.OfferedRate), F1(p.AchievedRate),
                Ms(p.Iterations, 50), Ms(p.Iterations, 90), Ms(p.Iterations, 99), Ms(p.Iterations, 99.9), MaxMs(p.Iterations),
                N(p.Completed), N(p.Errors), N(p.Timeouts), N(p.Drops),
                Cpu(p.Cpu?.Silo, p.Cpu?.HasSilo), Cpu(p.Cpu?.Postgres, p.Cpu?.HasPostgres), Cpu(p.Cpu?.Generator, true),
                Cpu(p.Cpu?.Others, true),
                r.SiloGc?.GetValueOrDefault(p.Name) is { } gc ? Pct(gc.PausedShare) : "–",
                p.GeneratorGc is { } own ? $"{Pct(own.PausedShare)} ({own.Gen0}/{own.Gen1}/{own.Gen2})" : "–",
            ]));

        if (r.SiloGc is { } siloGc)
        {
            doc.H(2, "Silo garbage collections");
            doc.P("From the silo's runtime events (EventPipe, GC events only). Paused: the share of the phase the silo's " +
                "threads stood suspended for collections. The collection's time is split by its mark events: the thread " +
                "stacks; the cards (objects of older generations written since the last collection, whose references " +
                "into the collected ones must be traced); other roots (handles, finalization); then planning, " +
                "relocating and compacting the survivors. Times are means in ms per collection; promoted: KB that " +
                "survived, of it reached through cards; reasons: why the runtime collected, with how many.");
            doc.Table(["phase", "paused", "kind", "count", "per s", "pause mean", "pause max", "suspend", "stacks",
                    "cards", "other roots", "after marking", "promoted KB", "of it via cards", "reasons"],
                r.Phases.Where(p => siloGc.ContainsKey(p.Name)).SelectMany(p => GcRows(p, siloGc[p.Name])));
            var longPauses = r.Phases.Where(p => siloGc.ContainsKey(p.Name))
                .SelectMany(p => siloGc[p.Name].LongPauses.Select(pause => LongPauseLine(p, pause))).ToList();
            if (longPauses.Count > 0)
            {
                doc.P($"Pauses of {GcSummary.LongPauseMs:F0} ms or more, one by one:");
                doc.List(longPauses);
            }
            var allocations = r.Phases.Where(p => siloGc.TryGetValue(p.Name, out var gc) && gc.AllocatedBytes > 0).ToList();
            foreach (var phase in allocations)
            {
                var gc = siloGc[phase.Name];
                doc.P($"What the silo allocated in phase {phase.Name}, sampled (the runtime's AllocationTick, one sample " +
                    $"per 100 KB a thread allocates, credited to the type of the object that crossed the mark): " +
                    $"{F1(gc.AllocatedBytes / gc.Seconds / 1e6)} MB/s, {N((long)(gc.AllocatedBytes / Math.Max(1, phase.Completed)))} " +
                    $"B per completed iteration. The {gc.Allocations.Count} types with the most bytes:");
                doc.Table(["type", "share", "B per iteration"], gc.Allocations.Select(t => (IReadOnlyList<string>)
                    [t.Type, Pct(t.Share), N((long)(t.Bytes / (double)Math.Max(1, phase.Completed)))]));
            }
            var backgrounds = BackgroundRows(r, siloGc).ToList();
            if (backgrounds.Count > 0)
            {
                doc.P("Background gen2 collections, start to end (the silo runs meanwhile: only their short blocking " +
                    "parts are in the pauses above, but their marking shares the cores with it). Times in seconds " +
                    "since the first phase started, as in the plots; beside each, the worst p99 of the seconds it " +
                    "spanned and of the second after (what it delayed completes then), and the median p99 of the " +
                    "phase's other seconds.");
                doc.Table(["phase", "started at", "length s", "its seconds: worst p99 ms", "other seconds: median p99 ms"],
                    backgrounds);
            }
        }

        if (r.Checkpoints is { } checkpoints)
        {
            doc.H(2, "PostgreSQL checkpoints");
            doc.P("From the throwaway server's log: each checkpoint that completed during a phase, when it started " +
                "and why, how long it wrote its buffers, the fsync of the data files that ends it (all of them, and " +
                "the longest single file), and the iterations' latency in the second it completed. On the test " +
                "machine the durable visit's slowest seconds came at checkpoint ends " +
                "(docs/performance.md). Times in seconds since the first phase started, as in the plots.");
            var rows = CheckpointRows(r, checkpoints).ToList();
            if (rows.Count == 0) doc.P("No checkpoint completed during the phases.");
            else
            {
                doc.Table(["phase", "started at", "cause", "completed at", "writing s", "fsync s (files)",
                    "longest fsync s", "that second: p99 ms", "that second: max ms"], rows);
            }
        }

        doc.H(2, "Operations (measured phases)");
        doc.P("Latency of each request, in ms, from when the terminal wanted to send it (the first request of an " +
            "iteration: its scheduled time; the next: the previous reply), and the statuses the replies carried.");
        doc.Table(["operation", "count", "p50", "p90", "p99", "p99.9", "max", "statuses"], OperationRows(measured));

        doc.H(2, "Settlement figures (from the 2207 replies)");
        doc.Table(["figure", "value"], SettlementRows(r, measured));

        var errors = measured.Concat(r.Preparation is null ? [] : [r.Preparation]).SelectMany(p => p.ErrorSamples).Distinct().Take(20).ToList();
        if (errors.Count > 0)
        {
            doc.H(2, "Error samples");
            doc.List(errors.Select(e => "`" + e + "`"));
        }

        doc.H(2, "Plots");
        doc.Image("Throughput: offered, achieved, errors and drops per second", "throughput.png");
        doc.Image("Latency percentiles over time", "latency.png");
        doc.Image("Latency distribution of each measured phase", "distribution.png");
        doc.Image("CPU of the silo, PostgreSQL and the load generator", "cpu.png");

        doc.H(2, "Method");
        doc.List([
            "Open loop: iteration k of a phase is due at start + k/rate (a ramp: where the rate's integral reaches k). " +
                "The scheduler never waits for replies, and latency is measured from the due time, so a stall of the " +
                "engine shows as latency of everything due meanwhile (no coordinated omission). The scheduler wakes " +
                "at most every ~0.1–1 ms; that lag is inside the latencies.",
            $"When {r.Options.MaxInFlight:N0} iterations are in flight, a due iteration is dropped and counted, never queued.",
            "Closed loop (concurrency phases): N virtual users back to back; its achieved rate is the saturation " +
                "throughput; its latencies are service times (they include no queueing of unsent work).",
            "Histograms: HdrHistogram, 1 µs to 600 s, 3 significant digits. latency.hlog is the raw interval log " +
                "(HistogramLogWriter, one interval per second, values in µs, tagged by iteration and operation).",
            "CPU: utime + stime from /proc/<pid>/stat of the silo process, of PostgreSQL (postmaster incl. reaped " +
                "children, plus its live backends) and of this process. \"Others\" is the machine's busy time " +
                "(/proc/stat) less those three: other work on a shared machine, shown only as context.",
            "Silo garbage collections: an EventPipe session on the silo's process for the whole run (the runtime's " +
                "GC events at the informational level, no rundown), each collection counted in the phase in which " +
                "its suspension began. Off with --no-gc-trace; absent with --target unless --silo-pid is given.",
            "PostgreSQL commits: pg_stat_database.xact_commit of the engine's database, read 11 s after the " +
                "preparation and 11 s after the last phase (PostgreSQL publishes backend counters lazily), over every " +
                "phase including warm-ups, divided by the ok 2207 replies of all phases. Buffers written: " +
                "pg_stat_bgwriter (the whole server) read at the same two moments.",
        ]);

        File.WriteAllText(Path.Combine(directory, "report.md"), doc.Markdown());
        File.WriteAllText(Path.Combine(directory, "report.html"), doc.Html(title));
        WriteJson(r, measured, totals, thresholds.Select(t => (t.Threshold.Text, t.Actual, t.Pass)).ToList(),
            Path.Combine(directory, "summary.json"));

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Options.ScenarioName}: achieved {totals.AchievedRate:0.#}/s of {totals.OfferedRate:0.#}/s offered; " +
            $"p50 {Ms(totals.Histogram, 50)} ms, p99 {Ms(totals.Histogram, 99)} ms, p99.9 {Ms(totals.Histogram, 99.9)} ms, " +
            $"max {MaxMs(totals.Histogram)} ms; errors {totals.Errors}, time-outs {totals.Timeouts}, dropped {totals.Drops}"));
        foreach (var (threshold, actual, pass) in thresholds)
        {
            Console.WriteLine($"threshold {threshold.Text}: {threshold.FormatActual(actual)} {(pass ? "pass" : "FAIL")}");
        }
        return passed;
    }

    private static List<PhaseStats> Measured(RunReport r) => r.Options.ThresholdPhase is { } name
        ? [.. r.Phases.Where(p => p.Name == name)]
        : [.. r.Phases.Where(p => !p.Spec.IsWarmup)];

    private static IEnumerable<IReadOnlyList<string>> SummaryRows(RunReport r, List<PhaseStats> measured, Totals t)
    {
        yield return ["iterations scheduled", N(t.Scheduled)];
        yield return ["completed (ok + expected rejections)", N(t.Completed)];
        yield return ["offered rate", F1(t.OfferedRate) + "/s"];
        yield return ["achieved rate", F1(t.AchievedRate) + "/s"];
        yield return ["latency p50 / p90 / p99 / p99.9 / max (ms)",
            $"{Ms(t.Histogram, 50)} / {Ms(t.Histogram, 90)} / {Ms(t.Histogram, 99)} / {Ms(t.Histogram, 99.9)} / {MaxMs(t.Histogram)}"];
        yield return ["latency mean (ms)", t.Histogram.TotalCount == 0 ? "–" : F3(t.Histogram.GetMean() / 1000)];
        yield return ["errors / time-outs / dropped", $"{N(t.Errors)} / {N(t.Timeouts)} / {N(t.Drops)}" +
            (t.Scheduled > 0 ? string.Create(CultureInfo.InvariantCulture,
                $" ({100.0 * t.Errors / t.Scheduled:0.###}% / {100.0 * t.Timeouts / t.Scheduled:0.###}% / {100.0 * t.Drops / t.Scheduled:0.###}%)") : "")];
        var exhausted = measured.Sum(p => p.Exhausted);
        if (exhausted > 0)
        {
            yield return ["of the dropped: no prepared visit left", $"{N(exhausted)} (settle-only ran out of prepared " +
                "visits; a phase's achieved rate counts only the time until then; prepare more with --prepare)"];
        }
        var seconds = measured.Sum(p => p.EndSeconds - p.StartSeconds);
        if (seconds > 0 && measured.All(p => p.Cpu is not null))
        {
            double W(Func<CpuUsage, double> f) => measured.Sum(p => f(p.Cpu!) * (p.EndSeconds - p.StartSeconds)) / seconds;
            yield return ["CPU, cores: silo / PostgreSQL / load generator / rest of the machine",
                $"{Cpu(W(c => c.Silo), measured[0].Cpu!.HasSilo)} / {Cpu(W(c => c.Postgres), measured[0].Cpu!.HasPostgres)} / " +
                $"{F2(W(c => c.Generator))} / {F2(W(c => c.Others))}"];
        }
        var settlements = r.Phases.Sum(p => p.Settlements);
        if (r.CommitsBefore is { } before && r.CommitsAfter is { } after)
        {
            yield return ["PostgreSQL commits per settlement (all phases)", settlements == 0 ? "–"
                : string.Create(CultureInfo.InvariantCulture, $"{(after - before) / (double)settlements:0.###} ({after - before:N0} commits / {settlements:N0} settlements)")];
        }
        if (r.BufferWrites is { } writes)
        {
            yield return ["PostgreSQL buffers written (all phases): by checkpoints / the background writer / backends (their fsyncs)",
                $"{N(writes.ByCheckpoints)} / {N(writes.ByBackgroundWriter)} / {N(writes.ByBackends)} ({N(writes.BackendFsyncs)})"];
        }
        if (r.Preparation is { } prep)
        {
            yield return ["prepared visits (settle-only, not measured)", $"{N(prep.StatusCounts.Where(s => s.Key.Op.StartsWith("2204", StringComparison.Ordinal) && s.Key.Status == "OK").Sum(s => s.Value))} registered and uploaded"];
        }
    }

    private static IEnumerable<IReadOnlyList<string>> GcRows(PhaseStats phase, GcSummary gc)
    {
        var name = phase.Name + (phase.Spec.IsWarmup ? " (warm-up)" : "");
        var paused = Pct(gc.PausedShare) + (gc.PausedShare > 0 ? $" ({Pct(gc.CardsShareOfPause)} of it cards)" : "");
        if (gc.Kinds.Count == 0) yield return [name, paused, "none", "0", "", "", "", "", "", "", "", "", "", "", ""];
        foreach (var k in gc.Kinds)
        {
            yield return [name, paused, k.Kind, N(k.Count), F1(k.PerSecond), F2(k.PauseMeanMs), F2(k.PauseMaxMs),
                F2(k.SuspendMeanMs), F2(k.MarkStackMeanMs), F2(k.MarkCardsMeanMs), F2(k.MarkOtherRootsMeanMs),
                F2(k.AfterMarkMeanMs), F1(k.PromotedMeanKb), F1(k.PromotedViaCardsMeanKb),
                string.Join(", ", k.Reasons.Select(reason => $"{reason.Key} {reason.Value}"))];
        }
    }

    private static IEnumerable<IReadOnlyList<string>> CheckpointRows(RunReport r, IReadOnlyList<PostgresCheckpoint> checkpoints)
    {
        foreach (var (checkpoint, at, phase, second) in Placed(r, checkpoints))
        {
            if (phase is null) continue;
            yield return
            [
                phase.Name,
                checkpoint.StartedUtc is { } started ? F1(r.SecondsIntoRun(started)) : "(before the log)",
                checkpoint.Cause ?? "–",
                F1(at),
                F2(checkpoint.WriteSeconds),
                $"{F2(checkpoint.SyncSeconds)} ({N(checkpoint.SyncFiles)})",
                F2(checkpoint.LongestSyncSeconds),
                second is null ? "–" : F1(second.P99Ms),
                second is null ? "–" : F1(second.MaxMs),
            ];
        }
    }

    // Each checkpoint with when it completed (seconds into the run), the phase it completed in (null before the first
    // or after the last) and the one-second sample whose interval holds that moment (a sample is taken at its
    // interval's end; null outside the phases).
    private static IEnumerable<(PostgresCheckpoint Checkpoint, double At, PhaseStats? Phase, SecondSample? Second)> Placed(
        RunReport r, IEnumerable<PostgresCheckpoint> checkpoints)
    {
        foreach (var checkpoint in checkpoints)
        {
            var at = r.SecondsIntoRun(checkpoint.CompletedUtc);
            var phase = r.Phases.FirstOrDefault(p => at >= p.StartSeconds && at < p.EndSeconds);
            var second = phase is null ? null : r.Samples.Where(s => s.Seconds >= at).MinBy(s => s.Seconds);
            yield return (checkpoint, at, phase, second);
        }
    }

    private static IEnumerable<IReadOnlyList<string>> BackgroundRows(RunReport r, IReadOnlyDictionary<string, GcSummary> siloGc)
    {
        foreach (var phase in r.Phases.Where(p => siloGc.ContainsKey(p.Name)))
        {
            // A sample is taken at the end of its second: the sample at s covers (s - 1, s]. The requests a collection
            // delayed complete after it, so the second after its end counts as its own too.
            var seconds = r.Samples.Where(s => s.Phase == phase.Name).ToList();
            foreach (var background in siloGc[phase.Name].Backgrounds)
            {
                var from = r.SecondsIntoRun(background.StartUtc);
                var to = from + background.DurationMs / 1000.0;
                bool Spanned(SecondSample s) => s.Seconds > from && s.Seconds - 1 < to + 1;
                // Spanned seconds are taken from every phase: a collection can run on into the next one.
                var spanned = r.Samples.Where(Spanned).ToList();
                var others = seconds.Where(s => !Spanned(s)).Select(s => s.P99Ms).Order().ToList();
                yield return
                [
                    phase.Name, F1(from), F2(background.DurationMs / 1000.0),
                    spanned.Count == 0 ? "–" : F1(spanned.Max(s => s.P99Ms)),
                    others.Count == 0 ? "–" : F1(others[others.Count / 2]),
                ];
            }
        }
    }

    private static string LongPauseLine(PhaseStats phase, GcPause pause) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{phase.Name}, {pause.StartUtc:HH:mm:ss.fff} UTC: gen{pause.Generation}{(pause.Background ? " background" : "")}, " +
            $"{pause.PauseMs:F0} ms (stacks {pause.MarkStackMs:F0}, cards {pause.MarkCardsMs:F0}, after marking " +
            $"{pause.AfterMarkMs:F0}; {pause.PromotedBytes / 1048576.0:F0} MB marked), reason {pause.Reason}");

    private static IEnumerable<IReadOnlyList<string>> OperationRows(List<PhaseStats> measured)
    {
        var ops = measured.SelectMany(p => p.Operations.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (var op in ops)
        {
            var h = Merge(measured.Select(p => p.Operations.GetValueOrDefault(op)).OfType<HistogramBase>());
            var statuses = measured.SelectMany(p => p.StatusCounts).Where(s => s.Key.Op == op)
                .GroupBy(s => s.Key.Status).Select(g => $"{g.Key} {g.Sum(x => x.Value):N0}").Order(StringComparer.Ordinal);
            yield return [op, N(h.TotalCount), Ms(h, 50), Ms(h, 90), Ms(h, 99), Ms(h, 99.9), MaxMs(h), string.Join(", ", statuses)];
        }
    }

    private static IEnumerable<IReadOnlyList<string>> SettlementRows(RunReport r, List<PhaseStats> measured)
    {
        var settlements = measured.Sum(p => p.Settlements);
        var medfee = measured.Sum(p => p.MedfeeFen);
        var fund = measured.Sum(p => p.FundFen);
        var account = measured.Sum(p => p.AccountFen);
        yield return ["settlements (first ok 2207 of each visit)", N(settlements)];
        yield return ["planned mean visit (fee generator, 20,000 visits)", string.Create(CultureInfo.InvariantCulture, $"{r.Population.PlannedVisitFen / 100:0.00} yuan (aim: 246.00)")];
        if (settlements == 0) yield break;
        yield return ["achieved mean medfee_sumamt", string.Create(CultureInfo.InvariantCulture, $"{medfee / 100.0 / settlements:0.00} yuan")];
        yield return ["achieved mean fund_pay_sumamt", string.Create(CultureInfo.InvariantCulture, $"{fund / 100.0 / settlements:0.00} yuan")];
        yield return ["funds' share: Σ fund_pay_sumamt ÷ Σ medfee_sumamt", string.Create(CultureInfo.InvariantCulture, $"{100.0 * fund / medfee:0.0}% (aim: about 56%)")];
        yield return ["personal account's share: Σ acct_pay ÷ Σ medfee_sumamt", string.Create(CultureInfo.InvariantCulture, $"{100.0 * account / medfee:0.0}%")];
    }

    private static void WriteJson(RunReport r, List<PhaseStats> measured, Totals t,
        List<(string Text, double Actual, bool Pass)> thresholds, string path)
    {
        object Lat(HistogramBase h) => new
        {
            p50_ms = h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(50) / 1000.0,
            p90_ms = h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(90) / 1000.0,
            p99_ms = h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(99) / 1000.0,
            p999_ms = h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(99.9) / 1000.0,
            max_ms = h.TotalCount == 0 ? 0 : h.GetMaxValue() / 1000.0,
            mean_ms = h.TotalCount == 0 ? 0 : h.GetMean() / 1000.0,
        };
        var settlements = r.Phases.Sum(p => p.Settlements);
        var measuredSettlements = measured.Sum(p => p.Settlements);
        var summary = new
        {
            scenario = r.Options.ScenarioName,
            started_utc = r.Started,
            machine = r.Machine,
            load_average_end = r.LoadAverageAtEnd,
            engine = r.Engine,
            measured = new
            {
                phases = measured.Select(p => p.Name),
                offered_rate = t.OfferedRate,
                achieved_rate = t.AchievedRate,
                scheduled = t.Scheduled,
                completed = t.Completed,
                errors = t.Errors,
                timeouts = t.Timeouts,
                drops = t.Drops,
                latency = Lat(t.Histogram),
            },
            phases = r.Phases.Select(p => new
            {
                name = p.Name,
                load = p.Spec.Describe(),
                warmup = p.Spec.IsWarmup,
                offered_rate = p.OfferedRate,
                achieved_rate = p.AchievedRate,
                scheduled = p.Scheduled,
                completed = p.Completed,
                errors = p.Errors,
                timeouts = p.Timeouts,
                drops = p.Drops,
                latency = Lat(p.Iterations),
                cpu = p.Cpu,
                silo_gc = r.SiloGc?.GetValueOrDefault(p.Name),
                generator_gc = p.GeneratorGc,
            }),
            settlement = new
            {
                settlements = measuredSettlements,
                mean_medfee_yuan = measuredSettlements == 0 ? 0 : measured.Sum(p => p.MedfeeFen) / 100.0 / measuredSettlements,
                fund_share = measured.Sum(p => p.MedfeeFen) == 0 ? 0 : measured.Sum(p => p.FundFen) / (double)measured.Sum(p => p.MedfeeFen),
            },
            postgres_commits = r.CommitsBefore is { } b && r.CommitsAfter is { } a
                ? new { commits = a - b, settlements, per_settlement = settlements == 0 ? 0 : (a - b) / (double)settlements }
                : null,
            postgres_buffer_writes = r.BufferWrites,
            postgres_checkpoints = r.Checkpoints is null ? null : Placed(r, r.Checkpoints).Select(p => new
            {
                started_utc = p.Checkpoint.StartedUtc,
                cause = p.Checkpoint.Cause,
                completed_utc = p.Checkpoint.CompletedUtc,
                completed_at_s = p.At,
                phase = p.Phase?.Name,
                write_s = p.Checkpoint.WriteSeconds,
                sync_s = p.Checkpoint.SyncSeconds,
                sync_files = p.Checkpoint.SyncFiles,
                longest_sync_s = p.Checkpoint.LongestSyncSeconds,
                second_p99_ms = p.Second?.P99Ms,
                second_max_ms = p.Second?.MaxMs,
            }),
            thresholds = thresholds.Select(x => new { threshold = x.Text, actual = x.Actual, pass = x.Pass }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(summary, Json));
    }

    public static HistogramBase Merge(IEnumerable<HistogramBase> histograms)
    {
        var merged = PhaseStats.NewHistogram();
        foreach (var h in histograms) merged.Add(h);
        return merged;
    }

    internal static string Ms(HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? "–" : F3(h.GetValueAtPercentile(percentile) / 1000.0);

    internal static string MaxMs(HistogramBase h) => h.TotalCount == 0 ? "–" : F3(h.GetMaxValue() / 1000.0);

    private static string Cpu(double? cores, bool? has) => has == true && cores is { } c ? F2(c) : "–";
    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    private static string F1(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
    private static string F2(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
    private static string Pct(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + " %";
    private static string F3(double value) => value < 10 ? value.ToString("0.###", CultureInfo.InvariantCulture)
        : value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The measured phases together.</summary>
    private sealed record Totals(HistogramBase Histogram, long Scheduled, long Completed, long Errors, long Timeouts,
        long Drops, double AchievedRate, double OfferedRate)
    {
        public ThresholdInputs Inputs => new(
            p => Histogram.TotalCount == 0 ? 0 : Histogram.GetValueAtPercentile(p) / 1000.0,
            Histogram.TotalCount == 0 ? 0 : Histogram.GetMaxValue() / 1000.0,
            Histogram.TotalCount == 0 ? 0 : Histogram.GetMean() / 1000.0,
            Scheduled, Errors, Timeouts, Drops, AchievedRate, OfferedRate);

        public static Totals Of(List<PhaseStats> phases)
        {
            var seconds = phases.Sum(p => p.ActiveSeconds);
            return new Totals(Merge(phases.Select(p => p.Iterations)), phases.Sum(p => p.Scheduled),
                phases.Sum(p => p.Completed), phases.Sum(p => p.Errors), phases.Sum(p => p.Timeouts),
                phases.Sum(p => p.Drops), seconds <= 0 ? 0 : phases.Sum(p => p.Completed) / seconds,
                seconds <= 0 ? 0 : phases.Sum(p => p.OfferedRate * p.ActiveSeconds) / seconds);
        }
    }
}
