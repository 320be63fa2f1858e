using System.Collections.Concurrent;
using HdrHistogram;

namespace Engine.LoadTests.Running;

/// <summary>
/// The run-wide recorders the once-a-second sampler drains: latency of iterations and of each operation, by
/// completion time, and counters. The per-phase figures live in <see cref="PhaseStats"/>.
/// </summary>
internal sealed class LiveMetrics
{
    private readonly ConcurrentDictionary<string, Recorder> operations = new(StringComparer.Ordinal);
    private long scheduled;
    private long completed;
    private long errors;
    private long timeouts;
    private long drops;
    private long inFlight;

    public Recorder Iterations { get; } = NewRecorder();
    public IReadOnlyDictionary<string, Recorder> Operations => operations;
    public long Scheduled => Interlocked.Read(ref scheduled);
    public long Completed => Interlocked.Read(ref completed);
    public long Errors => Interlocked.Read(ref errors);
    public long Timeouts => Interlocked.Read(ref timeouts);
    public long Drops => Interlocked.Read(ref drops);
    public long InFlight => Interlocked.Read(ref inFlight);

    public static Recorder NewRecorder() => new(1, PhaseStats.LatencyMaxMicros, 3,
        static (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));

    /// <summary>Takes an in-flight slot, or says the bound is reached (the caller drops the iteration).</summary>
    public bool TryEnter(int max)
    {
        if (Interlocked.Increment(ref inFlight) <= max) return true;
        Interlocked.Decrement(ref inFlight);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref inFlight);

    public void CountScheduled() => Interlocked.Increment(ref scheduled);

    public void CountDrop() => Interlocked.Increment(ref drops);

    public void Complete(Outcome outcome, long micros)
    {
        switch (outcome)
        {
            case Outcome.Ok or Outcome.ExpectedRejection:
                Interlocked.Increment(ref completed);
                Iterations.RecordValue(PhaseStats.Clamp(micros));
                break;
            case Outcome.Timeout: Interlocked.Increment(ref timeouts); break;
            case Outcome.Exhausted: Interlocked.Increment(ref drops); break;
            case Outcome.Error: Interlocked.Increment(ref errors); break;
        }
    }

    public void RecordOperation(string op, long micros) =>
        operations.GetOrAdd(op, static _ => NewRecorder()).RecordValue(PhaseStats.Clamp(micros));
}
