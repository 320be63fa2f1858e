using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.Tests.Reference;

/// <summary>
/// A small reference world built in code, in the shape of the public scenarios: Jiangxi (insured region
/// Nanchang), Shanghai, Jiangsu and Zhejiang, one no-filing zone (青浦, 吴江, 嘉善), Nanchang's policies and a
/// catalogue per treatment province. Every figure a test expects is computed by hand from these numbers.
/// </summary>
internal static class TestReference
{
    public const string Jiangxi = "360000";
    public const string Nanchang = "360100";
    public const string Donghu = "360102";
    public const string Jiujiang = "360400";
    public const string Lianxi = "360402";
    public const string Shanghai = "310000";
    public const string Qingpu = "310118";
    public const string Jiangsu = "320000";
    public const string Suzhou = "320500";
    public const string Wujiang = "320509";
    public const string Zhejiang = "330000";
    public const string Jiaxing = "330400";
    public const string Jiashan = "330421";

    /// <summary>东湖区 (in Nanchang), level 3, not cross-province, not chronic-designated.</summary>
    public const string LocalHospital = "H36010200001";

    /// <summary>东湖区 (in Nanchang), level 1.</summary>
    public const string LocalClinic = "H36010200002";

    /// <summary>南昌市 itself, level 2.</summary>
    public const string CityHospital = "H36010000001";

    /// <summary>濂溪区 (Jiujiang, same province as Nanchang), level 2, not cross-province, not designated.</summary>
    public const string JiujiangHospital = "H36040200001";

    /// <summary>青浦区 (Shanghai, zone member), level 3, cross-province, chronic-designated.</summary>
    public const string QingpuHospital = "H31011800001";

    /// <summary>青浦区 (Shanghai), level 1, NOT opened for cross-province settlement.</summary>
    public const string QingpuClinic = "H31011800002";

    /// <summary>吴江区 (Jiangsu, zone member), level 2, cross-province, not designated.</summary>
    public const string WujiangHospital = "H32050900001";

    /// <summary>苏州市 itself (Jiangsu, not a zone member), level 2, cross-province, not designated.</summary>
    public const string SuzhouHospital = "H32050000001";

    public const string Diabetes = "M01600";
    public const string Hypertension = "M03900";

    public static Money Yuan(decimal yuan) => Money.FromYuan(yuan);

    public static Ratio R(decimal ratio) => Ratio.FromDecimal(ratio);

    public static DateOnly Day(int year, int month, int day) => new(year, month, day);

    public static ImmutableArray<Region> Regions(RegionSettings? nanchang = null) =>
    [
        new(Jiangxi, "江西省", null, null),
        new(Nanchang, "南昌市", Jiangxi, nanchang),
        new(Donghu, "东湖区", Nanchang, null),
        new(Jiujiang, "九江市", Jiangxi, null),
        new(Lianxi, "濂溪区", Jiujiang, null),
        new(Shanghai, "上海市", null, null),
        new(Qingpu, "青浦区", Shanghai, null),
        new(Jiangsu, "江苏省", null, null),
        new(Suzhou, "苏州市", Jiangsu, null),
        new(Wujiang, "吴江区", Suzhou, null),
        new(Zhejiang, "浙江省", null, null),
        new(Jiaxing, "嘉兴市", Zhejiang, null),
        new(Jiashan, "嘉善县", Jiaxing, null),
    ];

    public static ImmutableArray<ImmutableArray<string>> Zones => [[Qingpu, Wujiang, Jiashan]];

    /// <summary>A rule with Nanchang's employee general-outpatient figures unless told otherwise.</summary>
    public static BenefitRule Rule(
        string region = Nanchang,
        InsuranceType insuranceType = InsuranceType.Employee,
        MedType medType = MedType.General,
        string? disease = null,
        PersonGroup group = PersonGroup.Active,
        DateOnly? from = null,
        DateOnly? to = null,
        decimal deductible = 300m,
        decimal? level1 = 0.65m,
        decimal? level2 = 0.60m,
        decimal? level3 = 0.55m,
        decimal? cap = 2000m) =>
        new(region, insuranceType, medType, disease, group, from ?? Day(2024, 1, 1), to, Yuan(deductible),
            level1 is { } r1 ? R(r1) : null, level2 is { } r2 ? R(r2) : null, level3 is { } r3 ? R(r3) : null,
            cap is { } c ? Yuan(c) : null);

    /// <summary>
    /// Nanchang: employees ACTIVE (D 300, 0.65/0.60/0.55, cap 2000), RETIRED (D 300, 0.70/0.65/0.60, cap 3000),
    /// residents ANY (D 100, 0.60/0.55/0.50, cap 1500), chronic M01600 ANY (D 0, 0.95/0.90/0.85, cap 4000).
    /// Wujiang: employees ANY (D 0, 0.70 everywhere, no cap).
    /// </summary>
    public static ImmutableArray<BenefitRule> Policies =>
    [
        Rule(),
        Rule(group: PersonGroup.Retired, level1: 0.70m, level2: 0.65m, level3: 0.60m, cap: 3000m),
        Rule(insuranceType: InsuranceType.Resident, group: PersonGroup.Any, deductible: 100m,
            level1: 0.60m, level2: 0.55m, level3: 0.50m, cap: 1500m),
        Rule(medType: MedType.Chronic, disease: Diabetes, group: PersonGroup.Any, deductible: 0m,
            level1: 0.95m, level2: 0.90m, level3: 0.85m, cap: 4000m),
        Rule(region: Wujiang, group: PersonGroup.Any, deductible: 0m, level1: 0.70m, level2: 0.70m, level3: 0.70m,
            cap: null),
    ];

    public static CatalogEntry Entry(string region, string code, CatalogGrade grade, decimal selfPay, decimal? cap) =>
        new(region, code, code, grade, R(selfPay), cap is { } c ? Yuan(c) : null);

    /// <summary>XA01 甲类; XB01 乙类 10 % with a 12.50 cap; XC01 丙类; the same in Jiangxi and Shanghai.</summary>
    public static ImmutableArray<CatalogEntry> Catalog =>
    [
        Entry(Jiangxi, "XA01", CatalogGrade.A, 0m, null),
        Entry(Jiangxi, "XB01", CatalogGrade.B, 0.10m, 12.50m),
        Entry(Jiangxi, "XC01", CatalogGrade.C, 0m, null),
        Entry(Shanghai, "XA01", CatalogGrade.A, 0m, null),
        Entry(Shanghai, "XB01", CatalogGrade.B, 0.10m, 12.50m),
    ];

    public static ImmutableArray<Institution> Institutions =>
    [
        new(LocalHospital, "东湖医院", Donghu, 3, CrossProvince: false, ChronicDesignated: false),
        new(LocalClinic, "东湖诊所", Donghu, 1, CrossProvince: false, ChronicDesignated: false),
        new(CityHospital, "南昌市医院", Nanchang, 2, CrossProvince: false, ChronicDesignated: false),
        new(JiujiangHospital, "九江医院", Lianxi, 2, CrossProvince: false, ChronicDesignated: false),
        new(QingpuHospital, "青浦区中心医院", Qingpu, 3, CrossProvince: true, ChronicDesignated: true),
        new(QingpuClinic, "青浦诊所", Qingpu, 1, CrossProvince: false, ChronicDesignated: true),
        new(WujiangHospital, "吴江医院", Wujiang, 2, CrossProvince: true, ChronicDesignated: false),
        new(SuzhouHospital, "苏州医院", Suzhou, 2, CrossProvince: true, ChronicDesignated: false),
    ];

    public static Filing Filing(FilingType type, string destination, DateOnly? from = null, DateOnly? to = null) =>
        new(type, destination, from ?? Day(2025, 1, 1), to);

    public static ChronicQualification Qualification(string disease, DateOnly? from = null, DateOnly? to = null) =>
        new(disease, from ?? Day(2025, 1, 1), to);

    public static PersonProfile Person(
        string psnNo,
        string insuredRegion = Nanchang,
        InsuranceType insuranceType = InsuranceType.Employee,
        PersonGroup group = PersonGroup.Active,
        bool civilServant = false,
        PersonStatus status = PersonStatus.Active,
        ImmutableArray<Filing> filings = default,
        ImmutableArray<ChronicQualification> chronic = default) =>
        new(psnNo, "测试" + psnNo[^2..], insuredRegion, insuranceType, group, civilServant, status,
            filings.IsDefault ? [] : filings, chronic.IsDefault ? [] : chronic);

    public static PersonSeed Seed(
        PersonProfile profile, decimal balance = 0m, ImmutableArray<AccumulatorFigures> accumulators = default) =>
        new(profile, Yuan(balance), accumulators.IsDefault ? [] : accumulators);

    public static ReferenceData Data(
        ImmutableArray<PersonSeed> persons = default,
        RegionSettings? nanchang = null,
        ImmutableArray<BenefitRule> policies = default,
        ImmutableArray<Institution> institutions = default) =>
        new(Regions(nanchang), Zones, policies.IsDefault ? Policies : policies, Catalog,
            institutions.IsDefault ? Institutions : institutions, persons.IsDefault ? [] : persons);

    public static ReferenceSnapshot Snapshot(
        RegionSettings? nanchang = null,
        ImmutableArray<BenefitRule> policies = default,
        ImmutableArray<Institution> institutions = default) =>
        new(Data(nanchang: nanchang, policies: policies, institutions: institutions), version: 1);
}
