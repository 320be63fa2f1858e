namespace Engine.LoadTests.Running;

/// <summary>
/// The load generator's own garbage collections during a phase. Latency is measured from the scheduled time, so a
/// pause of the generator delays sends and reads and shows up as engine latency; this is how much of that there was.
/// The runtime's own counters of this process (no tracing): total pause time and collections per generation.
/// </summary>
/// <param name="PausedShare">The share of the phase this process stood paused for collections (0..1).</param>
internal sealed record GeneratorGc(double PausedShare, int Gen0, int Gen1, int Gen2)
{
    /// <summary>The counters now, to subtract at the end of a phase.</summary>
    public static Sample Now() =>
        new(Clock.Now, GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    /// <summary>What happened between two samples.</summary>
    public static GeneratorGc Between(Sample from, Sample to)
    {
        var wall = Clock.Seconds(to.Ticks - from.Ticks);
        var paused = (to.Paused - from.Paused).TotalSeconds;
        // CollectionCount(n) counts collections of generation n or higher: tell them apart.
        var gen2 = to.Gen2 - from.Gen2;
        var gen1 = to.Gen1 - from.Gen1 - gen2;
        var gen0 = to.Gen0 - from.Gen0 - gen1 - gen2;
        return new GeneratorGc(wall <= 0 ? 0 : Math.Clamp(paused / wall, 0, 1), gen0, gen1, gen2);
    }

    /// <summary>The runtime's cumulative counters at one moment.</summary>
    internal readonly record struct Sample(long Ticks, TimeSpan Paused, int Gen0, int Gen1, int Gen2);
}
