using System.Globalization;
using Engine.LoadTests.Cli;
using Engine.LoadTests.Hosting;
using Engine.LoadTests.Scenarios;
using HdrHistogram;

namespace Engine.LoadTests.Running;

/// <summary>One second of the run, as the progress line and the over-time plots show it.</summary>
internal sealed record SecondSample(
    double Seconds, string Phase, long Scheduled, long Completed, long Errors, long Timeouts, long Drops, long InFlight,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, CpuUsage Cpu);

/// <summary>
/// Runs the phases one after another. Open-loop phases schedule iteration k at a fixed time (start + k/rate, or the
/// ramp's integral) on a dedicated thread and never wait for replies; latency is measured from that scheduled time,
/// so a stall shows as latency of everything scheduled meanwhile (no coordinated omission). When
/// <c>--max-in-flight</c> iterations are unanswered, a due iteration is dropped and counted, never queued. Closed-loop
/// phases run N virtual users back to back. A sampler takes the interval histograms every second: the progress line,
/// the time series of the plots and the HdrHistogram log.
/// </summary>
internal sealed class LoadRunner(LoadTestOptions options, ScenarioBase scenario, LiveMetrics live, ProcessCpu cpu,
    HistogramLogWriter log)
{
    private readonly List<SecondSample> samples = [];
    private long iterationNext = -1;
    private volatile PhaseStats? current;
    private long runStartTicks;

    public IReadOnlyList<SecondSample> Samples => samples;
    public double RunStartUnixMs { get; private set; }

    public async Task<IReadOnlyList<PhaseStats>> RunAsync(CancellationToken cancellationToken)
    {
        var phases = options.Phases.Select((p, i) => new PhaseStats(p, i)).ToList();
        runStartTicks = Clock.Now;
        RunStartUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        log.Write(DateTime.UtcNow); // the header: format version, start time, legend
        using var samplerStop = new CancellationTokenSource();
        var sampler = SampleAsync(samplerStop.Token);
        double? saturation = options.Saturation;
        foreach (var phase in phases)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var spec = phase.Spec;
            phase.OfferedRate = spec.Kind switch
            {
                PhaseKind.Rate when spec.PercentOfSaturation => spec.From * saturation!.Value,
                PhaseKind.Rate => spec.From,
                PhaseKind.Ramp => (spec.From + spec.To) / 2,
                _ => 0,
            };
            Console.WriteLine($"== phase {phase.Name}: {Describe(phase)}");
            var before = cpu.Sample();
            var gcBefore = GeneratorGc.Now();
            phase.StartTicks = Clock.Now;
            phase.StartSeconds = Clock.Seconds(phase.StartTicks - runStartTicks);
            current = phase;
            if (spec.Kind == PhaseKind.Concurrency)
            {
                await ClosedLoopAsync(phase, (int)spec.From, cancellationToken);
                phase.OfferedRate = phase.AchievedRate;
                saturation = phase.AchievedRate;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   saturation (closed loop, {spec.From:0} users): {phase.AchievedRate:0.#} {scenario.IterationName}s/s"));
            }
            else
            {
                var start = phase.StartTicks;
                var rateFrom = spec.PercentOfSaturation ? phase.OfferedRate : spec.From;
                var rateTo = spec.PercentOfSaturation ? phase.OfferedRate : spec.To;
                await Task.Factory.StartNew(() => OpenLoop(phase, start, rateFrom, rateTo, cancellationToken),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            phase.EndTicks = Clock.Now;
            phase.EndSeconds = Clock.Seconds(phase.EndTicks - runStartTicks);
            phase.Cpu = CpuUsage.Between(before, cpu.Sample(), cpu.HasSilo, cpu.HasPostgres);
            phase.GeneratorGc = GeneratorGc.Between(gcBefore, GeneratorGc.Now());
        }
        await DrainAsync(phases);
        await samplerStop.CancelAsync();
        await sampler;
        return phases;
    }

    private static string Describe(PhaseStats phase) => phase.Spec.PercentOfSaturation
        ? string.Create(CultureInfo.InvariantCulture,
            $"{phase.Spec.Describe()} = {phase.OfferedRate:0.#}/s{(phase.Spec.IsWarmup ? " (warm-up, not in the totals)" : "")}")
        : phase.Spec.Describe() + (phase.Spec.IsWarmup ? " (warm-up, not in the totals)" : "");

    /// <summary>Waits for the iterations still in flight (up to four request time-outs), then counts the rest.</summary>
    private async Task DrainAsync(List<PhaseStats> phases)
    {
        var limit = Clock.Now + Clock.Ticks(4 * options.RequestTimeout.TotalSeconds + 2);
        while (live.InFlight > 0 && Clock.Now < limit) await Task.Delay(20);
        var left = live.InFlight;
        if (left > 0 && phases.Count > 0)
        {
            Console.Error.WriteLine($"{left} iterations still unanswered after the drain: counted as errors.");
            phases[^1].CountUnfinished(left);
        }
    }

    private void OpenLoop(PhaseStats phase, long startTicks, double rateFrom, double rateTo, CancellationToken cancel)
    {
        var duration = phase.Spec.Duration.TotalSeconds;
        var slope = (rateTo - rateFrom) / duration;
        // Iteration k is due at TimeOf(k); the phase holds those due before its end.
        var total = (long)Math.Ceiling(Cumulative(duration) - 1e-9);
        long k = 0;
        while (k < total && !cancel.IsCancellationRequested)
        {
            var elapsed = Clock.Seconds(Clock.Now - startTicks);
            for (; k < total && TimeOf(k) <= elapsed; k++) Dispatch(phase, startTicks + Clock.Ticks(TimeOf(k)));
            if (k >= total) break;
            var wait = TimeOf(k) - Clock.Seconds(Clock.Now - startTicks);
            if (wait > 0.002) Thread.Sleep(1);
            else if (wait > 0) _ = NativeMethods.USleep((uint)Math.Max(50, wait * 1_000_000));
        }

        // Iterations due by time t: ∫ rate = from·t + slope·t²/2; the k-th is due when that reaches k.
        double Cumulative(double t) => rateFrom * t + slope * t * t / 2;
        double TimeOf(long n) => slope == 0 ? n / rateFrom
            : (-rateFrom + Math.Sqrt(rateFrom * rateFrom + 2 * slope * n)) / slope;
    }

    private void Dispatch(PhaseStats phase, long dueTicks)
    {
        phase.CountScheduled();
        live.CountScheduled();
        if (!live.TryEnter(options.MaxInFlight))
        {
            phase.CountDrop();
            live.CountDrop();
            return;
        }
        _ = RunOneAsync(phase, Interlocked.Increment(ref iterationNext), dueTicks);
    }

    private async Task ClosedLoopAsync(PhaseStats phase, int users, CancellationToken cancel)
    {
        var end = phase.StartTicks + Clock.Ticks(phase.Spec.Duration.TotalSeconds);
        var exhausted = 0;
        var workers = Enumerable.Range(0, users).Select(async _ =>
        {
            await Task.Yield();
            while (Clock.Now < end && !cancel.IsCancellationRequested && Volatile.Read(ref exhausted) == 0)
            {
                phase.CountScheduled();
                live.CountScheduled();
                live.TryEnter(int.MaxValue);
                var outcome = await RunOneAsync(phase, Interlocked.Increment(ref iterationNext), Clock.Now);
                if (outcome == Outcome.Exhausted) Volatile.Write(ref exhausted, 1);
            }
        }).ToArray();
        await Task.WhenAll(workers);
    }

    private async Task<Outcome> RunOneAsync(PhaseStats phase, long iteration, long dueTicks)
    {
        Outcome outcome;
        try
        {
            outcome = await scenario.RunAsync(phase, iteration, dueTicks);
        }
        catch (IterationException exception)
        {
            outcome = exception.Outcome;
            if (outcome == Outcome.Error) phase.SampleError(exception.Message);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            outcome = Outcome.Error;
            phase.SampleError($"{exception.GetType().Name}: {exception.Message}");
        }
        var now = Clock.Now;
        var micros = Clock.Micros(now - dueTicks);
        phase.Complete(outcome, micros, now);
        live.Complete(outcome, micros);
        live.Leave();
        return outcome;
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var last = (Scheduled: 0L, Completed: 0L, Errors: 0L, Timeouts: 0L, Drops: 0L);
        var lastCpu = cpu.Sample();
        HistogramBase? interval = null;
        var opIntervals = new Dictionary<string, HistogramBase>(StringComparer.Ordinal);
        var intervalStartMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (true)
        {
            bool more;
            try
            {
                more = await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                more = false;
            }
            var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            interval = live.Iterations.GetIntervalHistogram(interval);
            Stamp(interval, scenario.IterationName, intervalStartMs, nowMs);
            log.Append(interval);
            foreach (var (op, recorder) in live.Operations)
            {
                opIntervals.TryGetValue(op, out var previous);
                var h = recorder.GetIntervalHistogram(previous);
                opIntervals[op] = h;
                Stamp(h, op, intervalStartMs, nowMs);
                log.Append(h);
            }
            intervalStartMs = nowMs;
            var cpuNow = cpu.Sample();
            var usage = CpuUsage.Between(lastCpu, cpuNow, cpu.HasSilo, cpu.HasPostgres);
            lastCpu = cpuNow;
            var counters = (live.Scheduled, live.Completed, live.Errors, live.Timeouts, live.Drops);
            var sample = new SecondSample(Clock.Seconds(Clock.Now - runStartTicks), current?.Name ?? "-",
                counters.Scheduled - last.Scheduled, counters.Completed - last.Completed, counters.Errors - last.Errors,
                counters.Timeouts - last.Timeouts, counters.Drops - last.Drops, live.InFlight,
                Ms(interval, 50), Ms(interval, 90), Ms(interval, 99), Ms(interval, 99.9),
                interval.TotalCount == 0 ? 0 : interval.GetMaxValue() / 1000.0, usage);
            last = counters;
            samples.Add(sample);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{sample.Seconds,4:0}s] {sample.Phase,-10} offered {sample.Scheduled,6}/s done {sample.Completed,6}/s " +
                $"p50 {sample.P50Ms,7:0.00}ms p99 {sample.P99Ms,8:0.00}ms max {sample.MaxMs,8:0.0}ms " +
                $"in-flight {sample.InFlight,5} err {sample.Errors} t/o {sample.Timeouts} drop {sample.Drops} | cpu " +
                $"silo {usage.Silo:0.00} pg {usage.Postgres:0.00} gen {usage.Generator:0.00} others {usage.Others:0.00}"));
            if (!more) return;
        }
    }

    private static double Ms(HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1000.0;

    private static void Stamp(HistogramBase h, string tag, long startMs, long endMs)
    {
        h.Tag = tag.Replace(' ', '_');
        h.StartTimeStamp = startMs;
        h.EndTimeStamp = endMs;
    }
}
