using Engine.Accounting;
using Engine.Contracts;
using Engine.Messaging;
using Engine.Reference;
using Engine.Settlement;

namespace Engine.Lifecycle;

/// <summary>
/// Everything the engine records about one insured person; owned by exactly one grain activation, which
/// applies the person's transactions one at a time (rules.md §9). Mutated only by the person ledger.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("Engine.Lifecycle.PersonState")]
public sealed class PersonState : IHasLedgerOutbox, IHasMessageClaim
{
    /// <summary>The reference profile; null while the engine does not know the person.</summary>
    [Id(0)] public PersonProfile? Profile { get; set; }

    /// <summary>The personal account balance B; carries over years.</summary>
    [Id(1)] public Money AccountBalance { get; set; }

    /// <summary>Year-to-date figures per (year, bucket).</summary>
    [Id(2)] public Dictionary<YearBucket, AccumulatorTotals> Accumulators { get; init; } = [];

    /// <summary>Open and recently closed visits by id.</summary>
    [Id(3)] public Dictionary<string, VisitRecord> Visits { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Recent settlements by id.</summary>
    [Id(4)] public Dictionary<string, SettlementRecord> Settlements { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The idempotency log of this person's transactions.</summary>
    [Id(5)] public Dictionary<MessageKey, MessageRecord> Messages { get; init; } = [];

    /// <summary>The last visit or settlement sequence number issued.</summary>
    [Id(6)] public long LastSequence { get; set; }

    /// <summary>Reconciliation and clearing rows not yet acknowledged by their aggregates.</summary>
    [Id(7)] public List<LedgerEvent> Outbox { get; init; } = [];

    /// <summary>When the state was last swept for expired entries (engine clock).</summary>
    [Id(8)] public DateTime LastSweptAtUtc { get; set; }

    [NonSerialized] private int committedWithState;
    [NonSerialized] private PendingMessageClaim? pendingClaim;
    [NonSerialized] private bool claimRefused;

    /// <inheritdoc />
    IReadOnlyList<LedgerEvent> IHasLedgerOutbox.LedgerOutbox => Outbox;

    /// <inheritdoc />
    int IHasLedgerOutbox.CommittedWithState
    {
        get => committedWithState;
        set => committedWithState = value;
    }

    /// <inheritdoc />
    PendingMessageClaim? IHasMessageClaim.PendingClaim
    {
        get => pendingClaim;
        set => pendingClaim = value;
    }

    /// <inheritdoc />
    bool IHasMessageClaim.ClaimRefused
    {
        get => claimRefused;
        set => claimRefused = value;
    }

    /// <summary>The accumulators of (year, bucket), zero when none.</summary>
    public AccumulatorTotals AccumulatorsOf(int year, string bucket) =>
        Accumulators.GetValueOrDefault(new YearBucket(year, bucket));
}
