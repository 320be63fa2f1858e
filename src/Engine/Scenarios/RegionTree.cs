using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Reference;

namespace Engine.Scenarios;

/// <summary>
/// Reads the explicit region tree (scenario-format.md §2, regions) and checks that it is a tree: codes are unique,
/// every parent is a region of the list (in any order), and no region is its own ancestor.
/// </summary>
internal static class RegionTree
{
    public static ImmutableArray<Region> Parse(JsonObjectReader reference)
    {
        var regions = reference.OptionalArray("regions")
            .Select(item => (Value: ParseRegion(new JsonObjectReader(item.Element, item.Path)), item.Path))
            .ToList();
        ReferenceParser.CheckUnique(regions, region => region.Code, "code", "region code");
        var parents = regions.ToDictionary(
            region => region.Value.Code, region => region.Value.Parent, StringComparer.Ordinal);
        foreach (var (region, path) in regions)
        {
            if (region.Parent is not null && !parents.ContainsKey(region.Parent))
            {
                throw new ScenarioFormatException(
                    ScenarioPath.Member(path, "parent"), $"unknown region {JsonValues.Quote(region.Parent)}");
            }
        }
        foreach (var (region, path) in regions)
        {
            CheckAcyclic(region, path, parents);
        }
        return [.. regions.Select(region => region.Value)];
    }

    private static void CheckAcyclic(Region region, string path, Dictionary<string, string?> parents)
    {
        // Every parent is known here. A walk up longer than the number of regions can only be a loop.
        var ancestor = region.Parent;
        for (var steps = 0; ancestor is not null; steps++)
        {
            if (ancestor == region.Code || steps > parents.Count)
            {
                throw new ScenarioFormatException(
                    ScenarioPath.Member(path, "parent"),
                    $"region {JsonValues.Quote(region.Code)} would be its own ancestor");
            }
            ancestor = parents[ancestor];
        }
    }

    private static Region ParseRegion(JsonObjectReader region)
    {
        var code = region.RequiredKey("code");
        var name = region.RequiredString("name");
        var parent = region.OptionalString("parent");
        if (parent is { Length: 0 })
        {
            throw JsonValues.Expected(region.PathOf("parent"), "a region code or null", region.Required("parent"));
        }
        // Absent settings stay null rather than becoming the defaults, so that the engine can tell
        // "this region sets nothing" from "this region sets the default values".
        var settings = region.OptionalObject("settings") is { } reader ? ParseSettings(reader) : null;
        return new Region(code, name, parent, settings);
    }

    private static RegionSettings ParseSettings(JsonObjectReader settings)
    {
        var defaults = RegionSettings.Default;
        var parsed = defaults with
        {
            Unfiled = settings.OptionalCode<UnfiledPolicy>(
                    "unfiled", DomainCodes.TryParse, ScenarioCodes.UnfiledPolicies)
                ?? defaults.Unfiled,
            ReductionMode = settings.OptionalCode<ReductionMode>(
                    "reductionMode", DomainCodes.TryParse, ScenarioCodes.ReductionModes)
                ?? defaults.ReductionMode,
            CivilServantRatio = settings.OptionalRatio("civilServantRatio") ?? defaults.CivilServantRatio,
            InProvinceNoFiling = settings.OptionalBoolean("inProvinceNoFiling") ?? defaults.InProvinceNoFiling,
        };
        return settings.OptionalObject("reductions") is { } reductions ? WithReductions(parsed, reductions) : parsed;
    }

    private static RegionSettings WithReductions(RegionSettings settings, JsonObjectReader reductions)
    {
        foreach (var (name, value, path) in reductions.Members())
        {
            settings = name switch
            {
                "TMP_REFERRAL" => settings with { ReductionReferral = JsonValues.Ratio(value, path) },
                "TMP_EMERGENCY" => settings with { ReductionEmergency = JsonValues.Ratio(value, path) },
                "TMP_OTHER" => settings with { ReductionOther = JsonValues.Ratio(value, path) },
                _ => throw new ScenarioFormatException(
                    path, "unknown reduction; expected \"TMP_REFERRAL\", \"TMP_EMERGENCY\" or \"TMP_OTHER\""),
            };
        }
        return settings;
    }
}
