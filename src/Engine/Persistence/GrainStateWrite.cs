namespace Engine.Persistence;

/// <summary>
/// One grain's state write, as it waits for its batch: the row's key, the version the grain last saw
/// (<see langword="null"/> = the grain never saw a row, so the write must insert one) and the serialized state.
/// </summary>
/// <param name="GrainId">The grain's id as text (<c>type/key</c>).</param>
/// <param name="StateName">The grain's name for this state (its <c>[PersistentState]</c> state name).</param>
/// <param name="ExpectedVersion">The version the write replaces; null for the first write of a grain.</param>
/// <param name="Payload">The state, encoded by <see cref="GrainStateCodecs"/>.</param>
public readonly record struct GrainStateWrite(string GrainId, string StateName, long? ExpectedVersion, byte[] Payload);
