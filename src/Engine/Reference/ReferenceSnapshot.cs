using System.Collections.Frozen;
using System.Collections.Immutable;
using Engine.Contracts.Domain;

namespace Engine.Reference;

/// <summary>
/// An immutable, indexed view of the reference data that the settlement rules read: the region tree,
/// institutions, benefit rules by insured region, the catalogue by code, and the no-filing zones. Built once
/// per reference version and shared by every person on a silo, so the hot path does dictionary look-ups only.
/// </summary>
public sealed class ReferenceSnapshot
{
    private readonly FrozenDictionary<string, RegionNode> regions;
    private readonly FrozenDictionary<string, Institution> institutions;
    private readonly FrozenDictionary<string, ImmutableArray<BenefitRule>> rulesByRegion;
    private readonly FrozenDictionary<string, ImmutableArray<CatalogEntry>> catalogByCode;
    private readonly FrozenDictionary<string, ImmutableArray<int>> zonesByMember;

    /// <summary>An empty snapshot, version 0.</summary>
    public static ReferenceSnapshot Empty { get; } = new(ReferenceData.Empty, version: 0);

    /// <summary>Indexes <paramref name="data"/>. Persons are not indexed: they belong to the person grains.</summary>
    public ReferenceSnapshot(ReferenceData data, long version)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        Version = version;
        regions = IndexRegions(data.Regions);
        institutions = data.Institutions.ToFrozenDictionary(i => i.Code, StringComparer.Ordinal);
        rulesByRegion = data.Policies.GroupBy(p => p.Region, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
        // Most specific first; OrderByDescending is stable, so file order breaks ties.
        catalogByCode = data.Catalog.GroupBy(c => c.Code, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key, g => g.OrderByDescending(c => DepthOf(c.Region)).ToImmutableArray(), StringComparer.Ordinal);
        zonesByMember = data.NoFilingZones
            .SelectMany((zone, index) => zone.Select(member => (member, index)))
            .GroupBy(x => x.member, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.index).Distinct().ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>The data this snapshot indexes, in file order.</summary>
    public ReferenceData Data { get; }

    /// <summary>Monotonic version; a person grain compares it to notice new reference data.</summary>
    public long Version { get; }

    /// <summary>The institution with this code, or null.</summary>
    public Institution? FindInstitution(string code) => institutions.GetValueOrDefault(code);

    /// <summary>The insured-region settings of <paramref name="regionCode"/>, or the defaults.</summary>
    public RegionSettings SettingsOf(string regionCode) =>
        regions.TryGetValue(regionCode, out var node) ? node.Region.Settings ?? RegionSettings.Default
            : RegionSettings.Default;

    /// <summary>The benefit rules of an insured region, in file order.</summary>
    public ImmutableArray<BenefitRule> RulesOf(string insuredRegion) =>
        rulesByRegion.TryGetValue(insuredRegion, out var rules) ? rules : [];

    /// <summary>Region A covers region B when A is B or an ancestor of B.</summary>
    public bool Covers(string ancestor, string region)
    {
        if (string.Equals(ancestor, region, StringComparison.Ordinal)) return true;
        var current = regions.GetValueOrDefault(region);
        while (current?.Region.Parent is { } parent)
        {
            if (string.Equals(parent, ancestor, StringComparison.Ordinal)) return true;
            current = regions.GetValueOrDefault(parent);
        }
        return false;
    }

    /// <summary>Two regions are in the same province when their top ancestors are equal.</summary>
    public bool AreInSameProvince(string left, string right) =>
        string.Equals(ProvinceOf(left), ProvinceOf(right), StringComparison.Ordinal);

    /// <summary>
    /// Whether a person insured in <paramref name="insuredRegion"/> needs no filing at an institution in
    /// <paramref name="institutionRegion"/>: the insured region is itself a zone member and a member of the
    /// same zone covers the institution's region.
    /// </summary>
    public bool IsInNoFilingZone(string insuredRegion, string institutionRegion)
    {
        if (!zonesByMember.TryGetValue(insuredRegion, out var zoneIndexes)) return false;
        foreach (var zoneIndex in zoneIndexes)
        {
            foreach (var member in Data.NoFilingZones[zoneIndex])
            {
                if (Covers(member, institutionRegion)) return true;
            }
        }
        return false;
    }

    /// <summary>The most specific catalogue entry for <paramref name="code"/> at an institution's region, or null.</summary>
    public CatalogEntry? FindCatalogEntry(string code, string institutionRegion)
    {
        if (!catalogByCode.TryGetValue(code, out var entries)) return null;
        foreach (var entry in entries)
        {
            if (Covers(entry.Region, institutionRegion)) return entry;
        }
        return null;
    }

    private string ProvinceOf(string regionCode)
    {
        var code = regionCode;
        for (var hops = 0; hops < regions.Count + 1; hops++)
        {
            if (!regions.TryGetValue(code, out var node) || node.Region.Parent is null) return code;
            code = node.Region.Parent;
        }
        return code; // A cycle cannot be built by the parser; stop anyway rather than spin.
    }

    private int DepthOf(string regionCode)
    {
        var depth = 0;
        var code = regionCode;
        while (regions.TryGetValue(code, out var node) && node.Region.Parent is { } parent && depth <= regions.Count)
        {
            depth++;
            code = parent;
        }
        return depth;
    }

    private static FrozenDictionary<string, RegionNode> IndexRegions(ImmutableArray<Region> regions)
    {
        var byCode = new Dictionary<string, RegionNode>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            byCode[region.Code] = new RegionNode(region); // Later entries replace earlier ones (upsert).
        }
        return byCode.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record RegionNode(Region Region);
}
