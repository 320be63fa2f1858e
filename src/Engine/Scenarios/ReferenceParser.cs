using System.Collections.Immutable;
using System.Text.Json;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Reference;

namespace Engine.Scenarios;

/// <summary>
/// Reads the <c>reference</c> part of a scenario file (scenario-format.md §2) strictly: every fault is a
/// <see cref="ScenarioFormatException"/> naming its path. A list that is absent or null is empty.
/// </summary>
internal static class ReferenceParser
{
    public static ReferenceData Parse(JsonObjectReader reference)
    {
        var regions = RegionTree.Parse(reference);
        var zones = reference.OptionalArray("noFilingZones").Select(zone => ParseZone(zone.Element, zone.Path));
        var policies = reference.OptionalArray("policies").Select(item => ParsePolicy(Object(item)));
        var catalog = reference.OptionalArray("catalog").Select(item => ParseCatalogEntry(Object(item)));
        var institutions = reference.OptionalArray("institutions")
            .Select(item => (Value: ParseInstitution(Object(item)), item.Path))
            .ToList();
        CheckUnique(institutions, institution => institution.Code, "code", "institution code");
        var persons = reference.OptionalArray("persons")
            .Select(item => (Value: PersonParser.Parse(Object(item)), item.Path))
            .ToList();
        CheckUnique(persons, person => person.Profile.PsnNo, "psnNo", "psnNo");
        return new ReferenceData(
            regions,
            [.. zones],
            [.. policies],
            [.. catalog],
            [.. institutions.Select(institution => institution.Value)],
            [.. persons.Select(person => person.Value)]);
    }

    /// <summary>Throws when two items share a key; the fault names the later one and where the first is.</summary>
    public static void CheckUnique<T>(
        IEnumerable<(T Value, string Path)> items, Func<T, string> keyOf, string member, string what)
    {
        var firstPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (value, path) in items)
        {
            var key = keyOf(value);
            if (!firstPaths.TryAdd(key, path))
            {
                throw new ScenarioFormatException(
                    ScenarioPath.Member(path, member),
                    $"duplicate {what} {JsonValues.Quote(key)} (first at {firstPaths[key]})");
            }
        }
    }

    private static JsonObjectReader Object((JsonElement Element, string Path) item) => new(item.Element, item.Path);

    private static ImmutableArray<string> ParseZone(JsonElement zone, string path) =>
    [
        .. JsonObjectReader.Elements(zone, path).Select(member =>
        {
            var code = JsonValues.String(member.Element, member.Path);
            return code.Length > 0 ? code : throw JsonValues.Expected(member.Path, "a region code", member.Element);
        }),
    ];

    private static BenefitRule ParsePolicy(JsonObjectReader policy)
    {
        var region = policy.RequiredKey("region");
        var insuranceType = policy.RequiredCode<InsuranceType>(
            "insuranceType", DomainCodes.TryParse, ScenarioCodes.InsuranceTypes);
        var medType = policy.RequiredCode<MedType>("medType", DomainCodes.TryParse, ScenarioCodes.MedTypes);
        var disease = policy.OptionalString("disease");
        if (medType == MedType.Chronic && string.IsNullOrEmpty(disease))
        {
            throw new ScenarioFormatException(policy.PathOf("disease"), "a medType \"14\" rule needs a disease code");
        }
        if (medType == MedType.General && disease is not null)
        {
            throw new ScenarioFormatException(policy.PathOf("disease"), "only a medType \"14\" rule names a disease");
        }
        var group = policy.RequiredCode<PersonGroup>("personGroup", DomainCodes.TryParse, ScenarioCodes.RuleGroups);
        var (from, to) = ParseWindow(policy, "effectiveFrom", "effectiveTo");
        var deductible = policy.RequiredMoney("deductible");
        var ratios = policy.RequiredObject("ratios");
        var (level1, level2, level3) = ParseRatios(ratios);
        var annualCap = policy.OptionalMoney("annualCap");
        return new BenefitRule(
            region, insuranceType, medType, disease, group, from, to, deductible, level1, level2, level3, annualCap);
    }

    /// <summary>Reads an inclusive date window whose end may be null (open); an end before its start is a fault.
    /// </summary>
    public static (DateOnly From, DateOnly? To) ParseWindow(JsonObjectReader item, string fromName, string toName)
    {
        var from = item.RequiredDate(fromName);
        var to = item.OptionalDate(toName);
        if (to < from)
        {
            var expected = $"a date on or after {fromName} ({from:yyyy-MM-dd})";
            throw JsonValues.Expected(item.PathOf(toName), expected, item.Required(toName));
        }
        return (from, to);
    }

    private static (Ratio? Level1, Ratio? Level2, Ratio? Level3) ParseRatios(
        JsonObjectReader ratios)
    {
        Ratio? level1 = null, level2 = null, level3 = null;
        foreach (var (name, value, path) in ratios.Members())
        {
            // A null ratio is the same as an absent one: the rule does not apply at that level.
            Ratio? ratio = value.ValueKind == JsonValueKind.Null ? null : JsonValues.Ratio(value, path);
            switch (name)
            {
                case "1": level1 = ratio; break;
                case "2": level2 = ratio; break;
                case "3": level3 = ratio; break;
                default:
                    throw new ScenarioFormatException(
                        path, "unknown institution level; expected \"1\", \"2\" or \"3\"");
            }
        }
        return (level1, level2, level3);
    }

    private static CatalogEntry ParseCatalogEntry(JsonObjectReader entry) => new(
        entry.RequiredKey("region"),
        entry.RequiredKey("code"),
        entry.RequiredString("name"),
        entry.RequiredCode<CatalogGrade>("grade", DomainCodes.TryParse, ScenarioCodes.CatalogGrades),
        entry.RequiredRatio("selfPayRatio"),
        entry.OptionalMoney("priceCap"));

    private static Institution ParseInstitution(JsonObjectReader institution)
    {
        var code = institution.RequiredKey("code");
        var name = institution.RequiredString("name");
        var region = institution.RequiredKey("region");
        var level = institution.RequiredInteger("level");
        if (level is < 1 or > 3)
        {
            throw JsonValues.Expected(institution.PathOf("level"), "1, 2 or 3", institution.Required("level"));
        }
        return new Institution(
            code,
            name,
            region,
            level,
            institution.RequiredBoolean("crossProvince"),
            institution.RequiredBoolean("chronicDesignated"));
    }
}
