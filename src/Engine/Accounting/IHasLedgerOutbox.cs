using Engine.Lifecycle;

namespace Engine.Accounting;

/// <summary>
/// A grain state with an outbox: ledger events of committed transactions that the ledger does not have yet. A
/// grain storage that can write the ledger in the same transaction as the state (<c>PostgresGrainStorage</c>)
/// does so, which saves the settle a commit of its own, and says how many events it committed; one that cannot
/// (in memory) ignores this interface, and the grain relays the outbox to <see cref="ILedgerStore"/> after the write.
/// </summary>
public interface IHasLedgerOutbox
{
    /// <summary>The events the ledger does not have yet, oldest first.</summary>
    IReadOnlyList<LedgerEvent> LedgerOutbox { get; }

    /// <summary>
    /// How many events at the head of <see cref="LedgerOutbox"/> went into the ledger in the same transaction as
    /// the last write of this state. Set by the storage when the write succeeded, on the grain's turn; taken (and
    /// reset) by the grain, which then trims them from the outbox instead of relaying them. Never persisted.
    /// </summary>
    int CommittedWithState { get; set; }
}
