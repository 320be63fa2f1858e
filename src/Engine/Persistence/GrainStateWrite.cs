using Engine.Lifecycle;
using Engine.Messaging;

namespace Engine.Persistence;

/// <summary>
/// One grain's state write, as it waits for its batch: the row's key, the version the grain last saw
/// (<see langword="null"/> = the grain never saw a row, so the write must insert one), the serialized state, and the
/// ledger events to commit with it.
/// </summary>
/// <param name="GrainId">The grain's id as text (<c>type/key</c>).</param>
/// <param name="StateName">The grain's name for this state (its <c>[PersistentState]</c> state name).</param>
/// <param name="ExpectedVersion">The version the write replaces; null for the first write of a grain.</param>
/// <param name="Payload">The state, encoded by <see cref="GrainStateCodecs"/>.</param>
/// <param name="LedgerEvents">
/// Written to the ledger in the same transaction, if and only if this write wins (empty for most states).
/// </param>
/// <param name="Claim">
/// A msgId claim to insert in the same transaction (<see cref="IHasMessageClaim"/>); the state is written only if
/// the claim is the person's. Null for most writes.
/// </param>
public readonly record struct GrainStateWrite(
    string GrainId, string StateName, long? ExpectedVersion, byte[] Payload, LedgerEvent[] LedgerEvents,
    PendingMessageClaim? Claim = null);

/// <summary>What became of one write of a batch.</summary>
/// <param name="Version">The row's new version; null when the write changed nothing.</param>
/// <param name="ClaimRefused">
/// The write changed nothing because its msgId claim is not the person's (otherwise, a null version means the
/// expected version was stale).
/// </param>
public readonly record struct GrainStateWriteOutcome(long? Version, bool ClaimRefused);
