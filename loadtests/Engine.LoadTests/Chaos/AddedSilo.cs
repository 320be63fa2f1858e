namespace Engine.LoadTests.Chaos;

/// <summary>What the silo added under load did: the answers its gateway gave after it joined, and the errors of
/// every silo in the 20 s after the join.</summary>
internal sealed record AddedSilo(
    int Silo, double JoinedAtSeconds, int RepliesAfterJoin, int RepliesByNewSilo, int OkByNewSilo,
    int ErrorsInWindow, bool KillInWindow)
{
    /// <summary>Seconds after the join in which every error counts against the join.</summary>
    public const int WindowSeconds = 20;

    public static AddedSilo? Of(ChaosOptions options, LoadResult run, IReadOnlyList<ReplyRecord> records)
    {
        if (options.AddSiloAt is null || run.AddedAtSeconds is not { } joined) return null;
        var joinedMs = (long)(joined * 1_000);
        var after = records.Where(r => r.ElapsedMs >= joinedMs).ToList();
        var window = after.Where(r => r.ElapsedMs < joinedMs + WindowSeconds * 1_000).ToList();
        var kill = run.Kills.Any(k => k.KilledAtSeconds >= joined - 5 && k.KilledAtSeconds < joined + WindowSeconds);
        return new AddedSilo(options.Silos, joined, after.Count, after.Count(r => r.Silo == options.Silos),
            after.Count(r => r.Silo == options.Silos && r.IsOk), window.Count(r => !r.IsOk), kill);
    }
}
