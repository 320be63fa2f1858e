namespace Engine.LoadTests.Diagnostics;

/// <summary>The silo's collections of one kind (gen0, gen1, gen2 blocking, gen2 background) within a phase.</summary>
internal sealed record GcKindSummary(
    string Kind,
    int Count,
    double PerSecond,
    double PauseMeanMs,
    double PauseMaxMs,
    double SuspendMeanMs,
    double MarkStackMeanMs,
    double MarkCardsMeanMs,
    double MarkOtherRootsMeanMs,
    double AfterMarkMeanMs,
    double PromotedViaCardsMeanKb,
    double PromotedMeanKb,
    IReadOnlyDictionary<string, int> Reasons);

/// <summary>
/// The silo's garbage collections during one phase: the share of the phase its threads stood paused, and why; the
/// pauses of <see cref="LongPauseMs"/> or more one by one (a phase's few longest set its p99.9 and maximum); and the
/// background gen2 collections that started in it, with their spans; and, when sampled, the bytes it allocated and
/// the types that allocated most of them (<see cref="TypesListed"/>).
/// </summary>
internal sealed record GcSummary(double Seconds, double PausedShare, double CardsShareOfPause, IReadOnlyList<GcKindSummary> Kinds,
    IReadOnlyList<GcPause> LongPauses, IReadOnlyList<BackgroundCollection> Backgrounds, long AllocatedBytes,
    IReadOnlyList<AllocatedType> Allocations)
{
    /// <summary>How many of the most-allocating types a phase lists.</summary>
    public const int TypesListed = 30;

    /// <summary>A pause at least this long is listed on its own.</summary>
    public const double LongPauseMs = 100;

    private const int LongPausesListed = 10;

    /// <summary>The pauses and background collections that began within [from, to).</summary>
    public static GcSummary Of(SiloGcRecord record, DateTime fromUtc, DateTime toUtc)
    {
        var seconds = Math.Max(1e-9, (toUtc - fromUtc).TotalSeconds);
        var within = record.Pauses.Where(p => p.StartUtc >= fromUtc && p.StartUtc < toUtc).ToList();
        var total = within.Sum(p => p.PauseMs);
        var kinds = within
            .GroupBy(p => p.Background ? "gen2 background" : $"gen{p.Generation}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GcKindSummary(g.Key, g.Count(), g.Count() / seconds, g.Average(p => p.PauseMs),
                g.Max(p => p.PauseMs), g.Average(p => p.SuspendMs), g.Average(p => p.MarkStackMs),
                g.Average(p => p.MarkCardsMs), g.Average(p => p.MarkOtherRootsMs), g.Average(p => p.AfterMarkMs),
                g.Average(p => p.PromotedViaCardsBytes) / 1024.0, g.Average(p => p.PromotedBytes) / 1024.0,
                g.GroupBy(p => p.Reason).OrderByDescending(r => r.Count()).ToDictionary(r => r.Key, r => r.Count())))
            .ToList();
        var longPauses = within.Where(p => p.PauseMs >= LongPauseMs).OrderByDescending(p => p.PauseMs).Take(LongPausesListed)
            .ToList();
        var backgrounds = record.Backgrounds.Where(b => b.StartUtc >= fromUtc && b.StartUtc < toUtc).ToList();
        var samples = record.Allocations.Where(a => a.Utc >= fromUtc && a.Utc < toUtc).ToList();
        var allocated = samples.Sum(a => a.Bytes);
        var types = samples.GroupBy(a => a.Type, StringComparer.Ordinal)
            .Select(g => new AllocatedType(g.Key, g.Sum(a => a.Bytes), g.Sum(a => a.Bytes) / (double)allocated))
            .OrderByDescending(t => t.Bytes).ThenBy(t => t.Type, StringComparer.Ordinal).Take(TypesListed).ToList();
        return new GcSummary(seconds, total / 1000.0 / seconds, total <= 0 ? 0 : within.Sum(p => p.MarkCardsMs) / total, kinds,
            longPauses, backgrounds, allocated, types);
    }
}
