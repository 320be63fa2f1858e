using Engine.Contracts;
using Engine.Contracts.Domain;

namespace Engine.Reference;

/// <summary>
/// A treatment-region catalogue entry (就医地目录). It applies to institutions in regions its
/// <paramref name="Region"/> covers; the most specific entry wins.
/// </summary>
/// <param name="PriceCap">Per-unit price limit; null means none.</param>
[GenerateSerializer, Immutable, Alias("Engine.Reference.CatalogEntry")]
public sealed record CatalogEntry(
    string Region, string Code, string Name, CatalogGrade Grade, Ratio SelfPayRatio, Money? PriceCap);
