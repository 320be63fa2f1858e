using Engine.Reference;

namespace Engine.Contracts.Grains;

/// <summary>The cluster's reference data (persons excluded) at a version; version 0 is empty.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Grains.ReferenceVersion")]
public sealed record ReferenceVersion(long Version, ReferenceData Data);
