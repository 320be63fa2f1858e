using Engine.Reference;

namespace Engine.Grains;

/// <summary>The persisted state of the reference grain.</summary>
[GenerateSerializer, Alias("Engine.Grains.ReferenceState")]
public sealed class ReferenceState
{
    /// <summary>Incremented by every upsert; 0 before the first.</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>The data, persons excluded.</summary>
    [Id(1)] public ReferenceData Data { get; set; } = ReferenceData.Empty;
}
