using Orleans.Storage;

namespace Engine.Grains;

/// <summary>
/// A grain's persistent state whose reads and writes call the grain storage directly, in the grain's turn. Orleans'
/// own (<c>StateStorageBridge</c>, Orleans 10) queues each operation behind the previous one and first yields to the
/// activation's scheduler, so every write suspends the grain's whole await chain once even when the storage
/// completes at once: a work item, a continuation and a state machine for each level of the chain, on every
/// state-changing request (docs/performance.md). That queue orders operations a grain starts without awaiting the
/// one before; <see cref="PersonGrain"/>, whose state is written on nearly every request, awaits each (its requests
/// and its timer do not interleave), so it needs none of it.
/// </summary>
/// <remarks>
/// Unlike Orleans' state, nothing is read before <see cref="Grain.OnActivateAsync"/>: the grain calls
/// <see cref="ReadStateAsync"/> first thing there. A storage error reaches the caller as the storage threw it (Orleans
/// wraps those that are not Orleans exceptions); the grain logs it. No live migration of the state between silos
/// (the engine does not use it).
/// </remarks>
/// <typeparam name="TState">The state's type.</typeparam>
public sealed class DirectPersistentState<TState>(IGrainStorage storage, string stateName, GrainId grainId)
    where TState : new()
{
    private readonly GrainState<TState> grainState = new(new TState());

    /// <summary>The state, as last read or as the grain changed it since.</summary>
    public TState State => grainState.State!; // Never null: set at construction and after every read.

    /// <summary>Whether the storage holds a record of this grain (after a read or a write).</summary>
    public bool RecordExists => grainState.RecordExists;

    /// <summary>
    /// Replaces <see cref="State"/> with what the storage holds, or with a new instance when it holds nothing: a
    /// reload never keeps what was changed in memory and not written (the in-memory storage, like Orleans', leaves the
    /// state alone when it has no record; PostgreSQL's gives a new one).
    /// </summary>
    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(stateName, grainId, grainState);
        if (!grainState.RecordExists || grainState.State is null) grainState.State = new TState();
    }

    /// <summary>Writes <see cref="State"/>; the storage's ETag check makes a stale activation's write fail.</summary>
    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        storage.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
}
