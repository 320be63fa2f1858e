namespace Engine.LoadTests.Chaos;

/// <summary>Per-second counters of the load, indexed by whole seconds since the load started.</summary>
internal sealed class Timeline(int seconds)
{
    private readonly long[] offered = new long[seconds + 1];
    private readonly long[] settled = new long[seconds + 1];
    private readonly long[] unknown = new long[seconds + 1];
    private readonly long[] failed = new long[seconds + 1];

    public int Seconds => offered.Length;

    public void Offered(long elapsedMs) => Interlocked.Increment(ref offered[Index(elapsedMs)]);

    /// <summary>A 2207 answered ok (counted when the answer arrived).</summary>
    public void Settled(long elapsedMs) => Interlocked.Increment(ref settled[Index(elapsedMs)]);

    public void Unknown(long elapsedMs) => Interlocked.Increment(ref unknown[Index(elapsedMs)]);

    public void Failed(long elapsedMs) => Interlocked.Increment(ref failed[Index(elapsedMs)]);

    public long OfferedAt(int second) => Volatile.Read(ref offered[second]);
    public long SettledAt(int second) => Volatile.Read(ref settled[second]);
    public long UnknownAt(int second) => Volatile.Read(ref unknown[second]);
    public long FailedAt(int second) => Volatile.Read(ref failed[second]);

    // Answers that arrive after the load ended (stragglers) count in the last second.
    private int Index(long elapsedMs) => (int)Math.Clamp(elapsedMs / 1_000, 0, offered.Length - 1);
}
