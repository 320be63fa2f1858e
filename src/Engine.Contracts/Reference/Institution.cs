namespace Engine.Reference;

/// <summary>A medical institution (定点医药机构).</summary>
/// <param name="Level">1, 2 or 3: selects the benefit rule's ratio.</param>
/// <param name="CrossProvince">Opened for cross-province direct settlement.</param>
/// <param name="ChronicDesignated">May settle medType 14 for persons insured in another region.</param>
[GenerateSerializer, Immutable, Alias("Engine.Reference.Institution")]
public sealed record Institution(
    string Code, string Name, string Region, int Level, bool CrossProvince, bool ChronicDesignated);
