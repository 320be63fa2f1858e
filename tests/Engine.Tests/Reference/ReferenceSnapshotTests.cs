using Engine.Contracts.Domain;
using Engine.Reference;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Reference;

public sealed class ReferenceSnapshotTests
{
    private static readonly ReferenceSnapshot World = Snapshot();

    [Theory]
    [InlineData(Nanchang, Nanchang, true)]
    [InlineData(Nanchang, Donghu, true)]
    [InlineData(Jiangxi, Donghu, true)]    // grandparent
    [InlineData(Donghu, Nanchang, false)]  // a child does not cover its parent
    [InlineData(Nanchang, Lianxi, false)]  // a sibling city's district
    [InlineData(Jiangxi, Qingpu, false)]
    [InlineData("999999", "999999", true)] // an unknown region covers only itself
    [InlineData(Jiangxi, "999999", false)]
    public void Covers_RegionTree_IsSelfOrAncestor(string ancestor, string region, bool covers)
    {
        Assert.Equal(covers, World.Covers(ancestor, region));
    }

    [Theory]
    [InlineData(Nanchang, Lianxi, true)]
    [InlineData(Donghu, Jiangxi, true)]
    [InlineData(Nanchang, Qingpu, false)]
    [InlineData(Wujiang, Jiashan, false)]
    public void AreInSameProvince_TopAncestors_AreCompared(string left, string right, bool same)
    {
        Assert.Equal(same, World.AreInSameProvince(left, right));
    }

    [Fact]
    public void FindCatalogEntry_ProvinceCityAndDistrictEntries_MostSpecificWinsWhateverTheFileOrder()
    {
        var province = Entry(Jiangxi, "XB01", CatalogGrade.B, 0.10m, null);
        var district = Entry(Donghu, "XB01", CatalogGrade.B, 0.30m, null);
        var city = Entry(Nanchang, "XB01", CatalogGrade.B, 0.20m, null);
        var snapshot = new ReferenceSnapshot(Data() with { Catalog = [province, district, city] }, 1);

        Assert.Same(district, snapshot.FindCatalogEntry("XB01", Donghu));
        Assert.Same(city, snapshot.FindCatalogEntry("XB01", Nanchang));
        Assert.Same(province, snapshot.FindCatalogEntry("XB01", Lianxi));
    }

    [Fact]
    public void FindCatalogEntry_OtherProvinceOrUnknownCode_IsNull()
    {
        var entry = Entry(Jiangxi, "XC09", CatalogGrade.A, 0m, null);
        var snapshot = new ReferenceSnapshot(Data() with { Catalog = [entry] }, 1);

        Assert.Null(snapshot.FindCatalogEntry("XC09", Qingpu));
        Assert.Null(snapshot.FindCatalogEntry("NOPE", Donghu));
    }

    [Fact]
    public void IsInNoFilingZone_MemberToMember_IsTrueOnlyForListedInsuredRegions()
    {
        Assert.True(World.IsInNoFilingZone(Wujiang, Qingpu));
        Assert.True(World.IsInNoFilingZone(Qingpu, Jiashan));
        Assert.False(World.IsInNoFilingZone(Suzhou, Qingpu));   // parent city of a member
        Assert.False(World.IsInNoFilingZone(Nanchang, Qingpu));
        Assert.False(World.IsInNoFilingZone(Wujiang, Lianxi));  // institution outside the zone
    }

    [Fact]
    public void IsInNoFilingZone_ZoneListingACity_CoversInstitutionsInItsDistricts()
    {
        var snapshot = new ReferenceSnapshot(Data() with { NoFilingZones = [[Wujiang, Shanghai]] }, 1);

        Assert.True(snapshot.IsInNoFilingZone(Wujiang, Qingpu));
    }

    [Fact]
    public void SettingsOf_RegionWithoutSettingsOrUnknown_IsTheDefaults()
    {
        var reject = new RegionSettings { Unfiled = UnfiledPolicy.Reject };
        var snapshot = Snapshot(reject);

        Assert.Same(reject, snapshot.SettingsOf(Nanchang));
        Assert.Same(RegionSettings.Default, snapshot.SettingsOf(Donghu));
        Assert.Same(RegionSettings.Default, snapshot.SettingsOf("999999"));
    }

    [Fact]
    public void Defaults_RegionSettings_AreTheContractDefaults()
    {
        var d = RegionSettings.Default;

        Assert.Equal(UnfiledPolicy.TreatAsTemporary, d.Unfiled);
        Assert.Equal(ReductionMode.RatioPoints, d.ReductionMode);
        Assert.Equal(R(0.10m), d.ReductionFor(FilingCategory.TemporaryReferral));
        Assert.Equal(R(0.10m), d.ReductionFor(FilingCategory.TemporaryEmergency));
        Assert.Equal(R(0.20m), d.ReductionFor(FilingCategory.TemporaryOther));
        Assert.Equal(R(0m), d.ReductionFor(FilingCategory.LongTermReside));
        Assert.Equal(R(0m), d.ReductionFor(FilingCategory.Zone));
        Assert.True(d.InProvinceNoFiling);
    }

    [Fact]
    public void RulesOfAndFindInstitution_KnownAndUnknown_AreIndexed()
    {
        Assert.Equal(4, World.RulesOf(Nanchang).Length);
        Assert.Equal(Policies[0], World.RulesOf(Nanchang)[0]);
        Assert.Empty(World.RulesOf(Jiujiang));
        Assert.Equal(Donghu, World.FindInstitution(LocalHospital)!.Region);
        Assert.Null(World.FindInstitution("H-NOWHERE"));
    }
}
