namespace Engine.LoadTests.Chaos;

/// <summary>What the chaos load did: the reply log, the per-second timeline, the kills and the counts.</summary>
/// <param name="AddedAtSeconds">When the added silo joined, or null.</param>
internal sealed record LoadResult(
    string RunTag, ReplyLog Log, Timeline Timeline, IReadOnlyList<KillEvent> Kills, long Drops, long VisitsCompleted,
    long VisitsAbandoned, long VisitsRejected, long VisitsFaulted, double? AddedAtSeconds, double LoadSeconds);
