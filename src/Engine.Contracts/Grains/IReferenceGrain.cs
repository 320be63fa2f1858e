using Engine.Reference;

namespace Engine.Contracts.Grains;

/// <summary>
/// The cluster's reference data: region tree, zones, benefit rules, catalogue, institutions (key 0). Every
/// upsert makes a new version; silos cache the latest in memory so the hot path never calls this grain.
/// </summary>
[Alias("Engine.Contracts.Grains.IReferenceGrain")]
public interface IReferenceGrain : IGrainWithIntegerKey
{
    /// <summary>Upserts by key (persons are ignored here) and returns the new version.</summary>
    [Alias("UpsertAsync")]
    Task<long> UpsertAsync(ReferenceData update);

    /// <summary>The current data and version.</summary>
    [Alias("GetAsync")]
    Task<ReferenceVersion> GetAsync();

    /// <summary>The current version only (cheap polling).</summary>
    [Alias("GetVersionAsync")]
    Task<long> GetVersionAsync();
}
