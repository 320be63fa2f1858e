using Engine.Lifecycle;

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
public readonly record struct GrainStateWrite(
    string GrainId, string StateName, long? ExpectedVersion, byte[] Payload, LedgerEvent[] LedgerEvents);
