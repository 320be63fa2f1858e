using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Engine.LoadTests.Cli;
using Engine.LoadTests.Hosting;
using HdrHistogram;

namespace Engine.LoadTests.Running;

/// <summary>How one iteration ended.</summary>
internal enum Outcome
{
    /// <summary>Every step got the reply it should.</summary>
    Ok,

    /// <summary>A business rejection the scenario asked for (mixed: unknown person, suspended, no qualification).</summary>
    ExpectedRejection,

    /// <summary>A wrong status, a broken connection or any other failure.</summary>
    Error,

    /// <summary>A request got no reply within the time-out.</summary>
    Timeout,

    /// <summary>settle-only: no prepared visit left (counted with the drops).</summary>
    Exhausted,
}

/// <summary>
/// The figures of one phase. An iteration belongs to the phase that scheduled it, wherever it completes, so a phase's
/// latencies are those of the load it offered. Latencies are microseconds from the scheduled start (open loop) or
/// the actual start (closed loop). Thread-safe: written by every completing iteration.
/// </summary>
internal sealed class PhaseStats(PhaseSpec spec, int index)
{
    public const long LatencyMaxMicros = 600_000_000;

    private readonly ConcurrentDictionary<(string Op, string Status), StrongBox<long>> statuses = new();
    private readonly ConcurrentDictionary<string, LongConcurrentHistogram> operations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> errorSamples = new();
    private long scheduled;
    private long ok;
    private long expectedRejections;
    private long errors;
    private long timeouts;
    private long drops;
    private long unfinished;
    private long settlements;
    private long medfeeFen;
    private long fundFen;
    private long accountFen;
    private long firstExhaustedTicks;
    private long exhausted;
    private int errorSampleCount;

    public PhaseSpec Spec { get; } = spec;
    public int Index { get; } = index;
    public string Name => Spec.Name;
    public LongConcurrentHistogram Iterations { get; } = NewHistogram();

    /// <summary>The rate this phase offered (resolved for P% phases); for a ramp, its mean.</summary>
    public double OfferedRate { get; set; }
    public double StartSeconds { get; set; }
    public double EndSeconds { get; set; }
    public long StartTicks { get; set; }
    public long EndTicks { get; set; }
    public CpuUsage? Cpu { get; set; }
    public GeneratorGc? GeneratorGc { get; set; }

    public long Scheduled => Interlocked.Read(ref scheduled);
    public long Ok => Interlocked.Read(ref ok);
    public long ExpectedRejections => Interlocked.Read(ref expectedRejections);
    public long Errors => Interlocked.Read(ref errors) + Interlocked.Read(ref unfinished);
    public long Timeouts => Interlocked.Read(ref timeouts);
    public long Drops => Interlocked.Read(ref drops);
    public long Unfinished => Interlocked.Read(ref unfinished);
    public long Completed => Ok + ExpectedRejections;
    public long Settlements => Interlocked.Read(ref settlements);
    public long MedfeeFen => Interlocked.Read(ref medfeeFen);
    public long FundFen => Interlocked.Read(ref fundFen);
    public long AccountFen => Interlocked.Read(ref accountFen);
    public IReadOnlyCollection<string> ErrorSamples => errorSamples;

    public IEnumerable<KeyValuePair<(string Op, string Status), long>> StatusCounts =>
        statuses.Select(p => KeyValuePair.Create(p.Key, Interlocked.Read(ref p.Value.Value)));

    public IReadOnlyDictionary<string, LongConcurrentHistogram> Operations => operations;

    /// <summary>Seconds the phase's load was active: its duration, or until settle-only ran out of prepared visits
    /// (the first iteration that found none), so that the achieved rate is that of the time it had work.</summary>
    public double ActiveSeconds
    {
        get
        {
            var duration = Spec.Duration.TotalSeconds;
            var exhaustedAt = Interlocked.Read(ref firstExhaustedTicks);
            return exhaustedAt == 0 ? duration : Math.Min(duration, Clock.Seconds(exhaustedAt - StartTicks));
        }
    }

    public long Exhausted => Interlocked.Read(ref exhausted);

    /// <summary>Completed iterations (ok or expected rejections) per second of the phase: its achieved rate.</summary>
    public double AchievedRate => ActiveSeconds <= 0 ? 0 : Completed / ActiveSeconds;

    public static LongConcurrentHistogram NewHistogram() => new(1, LatencyMaxMicros, 3);

    public void CountScheduled() => Interlocked.Increment(ref scheduled);

    public void CountDrop() => Interlocked.Increment(ref drops);

    public void CountUnfinished(long count) => Interlocked.Add(ref unfinished, count);

    /// <param name="nowTicks">When it completed (Exhausted: when it found no prepared visit).</param>
    public void Complete(Outcome outcome, long micros, long nowTicks)
    {
        switch (outcome)
        {
            case Outcome.Ok: Interlocked.Increment(ref ok); break;
            case Outcome.ExpectedRejection: Interlocked.Increment(ref expectedRejections); break;
            case Outcome.Error: Interlocked.Increment(ref errors); break;
            case Outcome.Timeout: Interlocked.Increment(ref timeouts); break;
            case Outcome.Exhausted:
                Interlocked.Increment(ref drops);
                Interlocked.Increment(ref exhausted);
                Interlocked.CompareExchange(ref firstExhaustedTicks, nowTicks, 0);
                return;
        }
        if (outcome is Outcome.Ok or Outcome.ExpectedRejection) Iterations.RecordValue(Clamp(micros));
    }

    public void RecordOperation(string op, string status, long micros)
    {
        var box = statuses.GetOrAdd((op, status), static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
        operations.GetOrAdd(op, static _ => NewHistogram()).RecordValue(Clamp(micros));
    }

    public void RecordSettlement(long medfee, long fund, long account)
    {
        Interlocked.Increment(ref settlements);
        Interlocked.Add(ref medfeeFen, medfee);
        Interlocked.Add(ref fundFen, fund);
        Interlocked.Add(ref accountFen, account);
    }

    public void SampleError(string message)
    {
        if (Interlocked.Increment(ref errorSampleCount) <= 20) errorSamples.Enqueue(message);
    }

    public static long Clamp(long micros) => Math.Clamp(micros, 1, LatencyMaxMicros);
}
