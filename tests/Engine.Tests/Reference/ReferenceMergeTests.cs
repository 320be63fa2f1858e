using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Reference;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Reference;

/// <summary>Upserts by key, keeping order (scenario-format.md, the replay command).</summary>
public sealed class ReferenceMergeTests
{
    private static ReferenceData With(
        Region[]? regions = null, BenefitRule[]? policies = null, CatalogEntry[]? catalog = null,
        Institution[]? institutions = null, string[][]? zones = null) =>
        ReferenceData.Empty with
        {
            Regions = [.. regions ?? []],
            Policies = [.. policies ?? []],
            Catalog = [.. catalog ?? []],
            Institutions = [.. institutions ?? []],
            NoFilingZones = [.. (zones ?? []).Select(z => z.ToImmutableArray())],
        };

    [Fact]
    public void Apply_PoliciesWithSameKey_ReplacesInPlaceAndAppendsNewOnes()
    {
        var a = Rule(group: PersonGroup.Active, deductible: 300m);
        var b = Rule(group: PersonGroup.Any, deductible: 500m);
        var bUpdated = Rule(group: PersonGroup.Any, deductible: 600m);
        var c = Rule(group: PersonGroup.Retired);

        var merged = ReferenceMerge.Apply(With(policies: [a, b]), With(policies: [c, bUpdated]));

        Assert.Equal(new[] { a, bUpdated, c }, merged.Policies.ToArray());
    }

    [Fact]
    public void Apply_UpdatedFirstRule_StaysFirstSoItStillWinsTies()
    {
        var first = Rule(deductible: 100m);
        var second = Rule(deductible: 200m, from: Day(2025, 1, 1));
        var firstUpdated = Rule(deductible: 150m);

        var merged = ReferenceMerge.Apply(With(policies: [first, second]), With(policies: [firstUpdated]));

        Assert.Equal(new[] { firstUpdated, second }, merged.Policies.ToArray());
    }

    [Fact]
    public void Apply_RuleWithOtherEffectiveFromOrDisease_IsANewRule()
    {
        var rule = Rule();
        var laterVersion = Rule(from: Day(2025, 1, 1));
        var diabetes = Rule(medType: MedType.Chronic, disease: Diabetes);
        var hypertension = Rule(medType: MedType.Chronic, disease: Hypertension);

        var merged = ReferenceMerge.Apply(
            With(policies: [rule, diabetes]), With(policies: [laterVersion, hypertension]));

        Assert.Equal(new[] { rule, diabetes, laterVersion, hypertension }, merged.Policies.ToArray());
    }

    [Fact]
    public void Apply_RegionsInstitutionsAndCatalogue_UpsertByTheirKeys()
    {
        var region = new Region(Nanchang, "南昌市", Jiangxi, null);
        var regionUpdated = region with { Settings = new RegionSettings { Unfiled = UnfiledPolicy.Reject } };
        var hospital = new Institution(LocalHospital, "A", Donghu, 3, false, false);
        var hospitalUpdated = hospital with { CrossProvince = true };
        var jiangxiEntry = Entry(Jiangxi, "XA01", CatalogGrade.A, 0m, null);
        var shanghaiEntry = Entry(Shanghai, "XA01", CatalogGrade.A, 0m, null);
        var jiangxiUpdated = Entry(Jiangxi, "XA01", CatalogGrade.B, 0.10m, null);

        var merged = ReferenceMerge.Apply(
            With(regions: [region], institutions: [hospital], catalog: [jiangxiEntry, shanghaiEntry]),
            With(regions: [regionUpdated], institutions: [hospitalUpdated], catalog: [jiangxiUpdated]));

        Assert.Equal(new[] { regionUpdated }, merged.Regions.ToArray());
        Assert.Equal(new[] { hospitalUpdated }, merged.Institutions.ToArray());
        Assert.Equal(new[] { jiangxiUpdated, shanghaiEntry }, merged.Catalog.ToArray());
    }

    [Fact]
    public void Apply_ZoneWithTheSameMembersInAnotherOrder_IsTheSameZone()
    {
        var merged = ReferenceMerge.Apply(
            With(zones: [[Qingpu, Wujiang, Jiashan]]),
            With(zones: [[Jiashan, Qingpu, Wujiang], [Qingpu, Wujiang]]));

        Assert.Equal(2, merged.NoFilingZones.Length);
        Assert.Equal(new[] { Jiashan, Qingpu, Wujiang }, merged.NoFilingZones[0].ToArray());
        Assert.Equal(new[] { Qingpu, Wujiang }, merged.NoFilingZones[1].ToArray());
    }

    [Fact]
    public void Apply_PersonsInTheUpdate_AreNotKeptInTheMergedData()
    {
        var update = Data(persons: [Seed(Person("36010000000000000001"))]);

        var merged = ReferenceMerge.Apply(ReferenceData.Empty, update);

        Assert.Empty(merged.Persons);
        Assert.Equal(update.Policies.ToArray(), merged.Policies.ToArray());
    }
}
