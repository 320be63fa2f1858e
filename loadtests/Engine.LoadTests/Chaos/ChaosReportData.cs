namespace Engine.LoadTests.Chaos;

/// <summary>Everything the chaos report shows.</summary>
internal sealed record ChaosReportData(
    ChaosOptions Options, string[] Args, DateTimeOffset Started, DateTimeOffset Finished, LoadResult Run,
    IReadOnlyList<ReplyRecord> Records, IReadOnlyList<KillImpact> Impacts, Verification Verification,
    double LedgerSettleSeconds, int PlannedKills, IReadOnlyList<(int Silo, double? Activations)> Activations,
    AddedSilo? Added)
{
    public int Settlements => Verification.SettlementsOk;

    public bool KillsComplete => Run.Kills.Count == PlannedKills && Run.Kills.All(k => k.ReadyAtSeconds is not null);

    /// <summary>No violation, settlements happened, and every planned kill happened and came back.</summary>
    public bool Passed => Verification.Passed && Settlements > 0 && KillsComplete
        && (Options.AddSiloAt is null || Added is { RepliesByNewSilo: > 0 });
}
