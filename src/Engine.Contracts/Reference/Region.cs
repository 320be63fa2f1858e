namespace Engine.Reference;

/// <summary>A node of the explicit region tree. <paramref name="Parent"/> is null for a province.</summary>
/// <param name="Settings">The insured-region settings; null means the defaults.</param>
[GenerateSerializer, Immutable, Alias("Engine.Reference.Region")]
public sealed record Region(string Code, string Name, string? Parent, RegionSettings? Settings);
