using System.Collections.Immutable;

namespace Engine.Reference;

/// <summary>
/// The <c>reference</c> part of a scenario file (scenario-format.md §2), in file order. File order matters:
/// of two equally specific rules in force on the same date, the first wins (rules.md §3).
/// </summary>
[GenerateSerializer, Immutable, Alias("Engine.Reference.ReferenceData")]
public sealed record ReferenceData(
    ImmutableArray<Region> Regions,
    ImmutableArray<ImmutableArray<string>> NoFilingZones,
    ImmutableArray<BenefitRule> Policies,
    ImmutableArray<CatalogEntry> Catalog,
    ImmutableArray<Institution> Institutions,
    ImmutableArray<PersonSeed> Persons)
{
    /// <summary>No reference data at all.</summary>
    public static ReferenceData Empty { get; } = new([], [], [], [], [], []);
}
