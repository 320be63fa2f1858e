namespace Engine.Lifecycle;

/// <summary>Retention and size limits of a person's state. Every limit is checked before work starts.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Lifecycle.LedgerOptions")]
public sealed record LedgerOptions
{
    /// <summary>The defaults: replies kept 8 days (rules.md §7 asks for at least 7), closed visits 35 days.</summary>
    public static LedgerOptions Default { get; } = new();

    /// <summary>How long a stored reply or tombstone is kept, on the engine's clock.</summary>
    [Id(0)] public TimeSpan MessageRetention { get; init; } = TimeSpan.FromDays(8);

    /// <summary>
    /// How long a visit (and its settlements) is kept after it last changed, on the engine's clock: long enough
    /// for 2208 within a monthly clearing period. A settlement older than this cannot be cancelled.
    /// </summary>
    [Id(1)] public TimeSpan VisitRetention { get; init; } = TimeSpan.FromDays(35);

    /// <summary>How often a person's state is swept for expired entries, on the engine's clock.</summary>
    [Id(2)] public TimeSpan SweepInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Fee lines in one 2204.</summary>
    [Id(3)] public int LinesPerBatchMax { get; init; } = 1_000;

    /// <summary>Batches per visit, removed ones not counted.</summary>
    [Id(4)] public int BatchesPerVisitMax { get; init; } = 100;

    /// <summary>Visits kept per person (open and recently closed).</summary>
    [Id(5)] public int VisitsPerPersonMax { get; init; } = 500;

    /// <summary>The longest msgId, visit id or batch number accepted (the national interface's char 30).</summary>
    [Id(6)] public int IdLengthMax { get; init; } = 30;
}
