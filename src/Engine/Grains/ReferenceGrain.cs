using Engine.Contracts.Grains;
using Engine.Reference;

namespace Engine.Grains;

/// <summary>The cluster's reference data (see <see cref="IReferenceGrain"/>).</summary>
public sealed class ReferenceGrain(
    [PersistentState(stateName: "reference", storageName: StorageNames.Reference)]
    IPersistentState<ReferenceState> reference) : Grain, IReferenceGrain
{
    /// <inheritdoc />
    public async Task<long> UpsertAsync(ReferenceData update)
    {
        var merged = ReferenceMerge.Apply(reference.State.Data, update);
        _ = new ReferenceSnapshot(merged, reference.State.Version + 1); // Index once: a broken tree fails here, not on a silo.
        reference.State.Data = merged;
        reference.State.Version++;
        await reference.WriteStateAsync();
        return reference.State.Version;
    }

    /// <inheritdoc />
    public Task<ReferenceVersion> GetAsync() =>
        Task.FromResult(new ReferenceVersion(reference.State.Version, reference.State.Data));

    /// <inheritdoc />
    public Task<long> GetVersionAsync() => Task.FromResult(reference.State.Version);
}
