namespace Engine.LoadTests.Diagnostics;

/// <summary>The sampled bytes one type accounted for in a phase, and their share of all sampled bytes.</summary>
internal sealed record AllocatedType(string Type, long Bytes, double Share);
