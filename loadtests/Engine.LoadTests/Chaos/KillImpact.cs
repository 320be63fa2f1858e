namespace Engine.LoadTests.Chaos;

/// <summary>What a kill did to the throughput of ok settlements.</summary>
/// <param name="BeforePerSecond">Mean ok settlements per second over the 10 s before the kill.</param>
/// <param name="LowestPerSecond">The lowest one-second count from the kill to the next kill (or the end).</param>
/// <param name="RecoverySeconds">From the kill until two consecutive seconds reach 90 % of the offered rate again;
/// 0 when the rate never fell below that; null when it did not recover before the next kill.</param>
internal sealed record KillImpact(
    KillEvent Kill, double BeforePerSecond, long LowestPerSecond, int LowestAtSecond, int? RecoverySeconds,
    long UnknownOutcomes)
{
    public static KillImpact Of(KillEvent kill, double nextKillSeconds, Timeline timeline, double offeredPerSecond)
    {
        var start = (int)Math.Floor(kill.KilledAtSeconds);
        var end = Math.Min((int)Math.Floor(nextKillSeconds), timeline.Seconds - 1);
        var before = Enumerable.Range(Math.Max(0, start - 10), Math.Min(10, start))
            .Select(s => (double)timeline.SettledAt(s)).DefaultIfEmpty(0).Average();
        var lowest = long.MaxValue;
        var lowestAt = start;
        long unknown = 0;
        for (var s = start; s < end; s++)
        {
            unknown += timeline.UnknownAt(s);
            if (timeline.SettledAt(s) < lowest)
            {
                lowest = timeline.SettledAt(s);
                lowestAt = s;
            }
        }
        var threshold = 0.9 * offeredPerSecond;
        int? recovery = null;
        var dipped = false;
        for (var s = start; s + 1 < end; s++)
        {
            if (timeline.SettledAt(s) < threshold) dipped = true;
            if (timeline.SettledAt(s) >= threshold && timeline.SettledAt(s + 1) >= threshold)
            {
                if (!dipped)
                {
                    // Still at rate this second: it may dip later in the window (a person on the dead silo).
                    continue;
                }
                recovery = s - start;
                break;
            }
        }
        if (!dipped) recovery = 0;
        return new KillImpact(kill, before, lowest == long.MaxValue ? 0 : lowest, lowestAt - start, recovery,
            unknown);
    }
}
