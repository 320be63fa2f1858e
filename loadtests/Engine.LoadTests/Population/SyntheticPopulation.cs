using System.Collections.Immutable;
using System.Globalization;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.LoadTests.Population;

/// <summary>A person a visit can name, with what the visit needs to know about them.</summary>
internal sealed record PersonRef(string PsnNo, bool Employee, string? Disease);

/// <summary>An institution of the population and whether it is in the other province (cross-province visits).</summary>
internal sealed record InstitutionRef(string Code, int Level, bool CrossProvince, bool ChronicDesignated);

/// <summary>A catalogue item as the fee generator uses it: code, unit price in fen, how often it is picked.</summary>
internal sealed record FeeItem(string Code, long UnitPriceFen, int QuantityMax, bool Fractional);

/// <summary>
/// The synthetic population (persons, filings, chronic qualifications, regions, policies, institutions, catalogue),
/// generated deterministically from a seed. Two provinces: 410000 (home: the insured cities and most institutions)
/// and 440000, whose city 440100 holds cross-province institutions and the filings' destination. The fee mix is
/// calibrated so that a visit's medfee_sumamt averages <see cref="TargetVisitFen"/>; the policies (deductible met
/// by most persons, ratios 0.56–0.84 by level and group) aim at funds paying about 56% of it — the report shows
/// what the settlement replies actually gave.
/// </summary>
internal sealed class SyntheticPopulation
{
    /// <summary>The average visit the fee mix aims at: 246.00 yuan.</summary>
    public const long TargetVisitFen = 24_600;

    public const string HomeProvince = "410000";
    public const string CrossProvince = "440000";
    public const string CrossCity = "440100";
    public static readonly string[] Diseases = ["M03900", "M01600"];

    private static readonly DateOnly PolicyStart = new(2024, 1, 1);

    private SyntheticPopulation(ulong seed) => Seed = seed;

    public ulong Seed { get; }
    public ReferenceData Reference { get; private set; } = ReferenceData.Empty;
    public ImmutableArray<InstitutionRef> Institutions { get; private set; }
    public ImmutableArray<PersonRef> HomePool { get; private set; }
    public ImmutableArray<PersonRef> CrossPool { get; private set; }
    public ImmutableArray<PersonRef> ChronicPool { get; private set; }
    public ImmutableArray<string> Suspended { get; private set; }
    public ImmutableArray<FeeItem> HomeFees { get; private set; }
    public ImmutableArray<FeeItem> CrossFees { get; private set; }
    public ImmutableArray<FeeItem> Consultations { get; private set; }

    /// <summary>The mean medfee_sumamt of the fee generator over a sample of 20,000 visits, in fen.</summary>
    public double PlannedVisitFen { get; private set; }

    public static SyntheticPopulation Generate(int persons, int institutions, int cities, int catalogSize, ulong seed,
        int year)
    {
        var p = new SyntheticPopulation(seed);
        var regions = Regions(cities);
        var policies = Policies(cities);
        // Calibration: draw the fee mix at list prices, then scale every price so that the mean visit is 246 yuan.
        var (_, homeFees, crossFees, consultations) = Catalog(catalogSize, seed, 1.0);
        (p.HomeFees, p.CrossFees, p.Consultations) = (homeFees, crossFees, consultations);
        var scale = TargetVisitFen / p.SampleMeanVisitFen(20_000);
        (var catalog, homeFees, crossFees, consultations) = Catalog(catalogSize, seed, scale);
        (p.HomeFees, p.CrossFees, p.Consultations) = (homeFees, crossFees, consultations);
        p.Institutions = [.. InstitutionRefs(institutions, cities, seed)];
        var institutionRecords = p.Institutions.Select((r, i) => new Institution(
            r.Code, $"合成医院{i + 1:D4}", InstitutionRegion(r, i, cities), r.Level, r.CrossProvince, r.ChronicDesignated));
        var seeds = new List<PersonSeed>(persons);
        var home = new List<PersonRef>();
        var cross = new List<PersonRef>();
        var chronic = new List<PersonRef>();
        var suspended = new List<string>();
        for (var i = 0; i < persons; i++)
        {
            var (personSeed, reference, filed, isSuspended) = Person(i, cities, seed, year);
            seeds.Add(personSeed);
            if (isSuspended)
            {
                suspended.Add(reference.PsnNo);
                continue;
            }
            home.Add(reference);
            if (filed) cross.Add(reference);
            if (reference.Disease is not null) chronic.Add(reference);
        }
        p.HomePool = [.. home];
        p.CrossPool = [.. cross];
        p.ChronicPool = [.. chronic];
        p.Suspended = [.. suspended];
        p.Reference = new ReferenceData(
            [.. regions], [], [.. policies], [.. catalog], [.. institutionRecords], [.. seeds]);
        p.PlannedVisitFen = p.SampleMeanVisitFen(20_000);
        return p;
    }

    /// <summary>The psnNo of person <paramref name="index"/> (also used for the unknown-person rejections).</summary>
    public static string PsnNo(long index) => string.Create(CultureInfo.InvariantCulture, $"LTP{index:D9}");

    /// <summary>The fee lines of visit <paramref name="iteration"/> at a home or a cross-province institution.</summary>
    public ImmutableArray<FeeLine> FeeLines(long iteration, bool crossProvince)
    {
        var rng = SplitMix.For(Seed, 0xFEE0_0000UL + (ulong)iteration);
        var items = crossProvince ? CrossFees : HomeFees;
        // One consultation, then 0–6 more lines (mean about 2.6): the typical outpatient prescription and tests.
        var extra = rng.Below(100) switch
        {
            < 8 => 0,
            < 26 => 1,
            < 52 => 2,
            < 72 => 3,
            < 86 => 4,
            < 95 => 5,
            _ => 6,
        };
        var lines = ImmutableArray.CreateBuilder<FeeLine>(extra + 1);
        lines.Add(Line(1, Consultations[rng.Below(Consultations.Length)], ref rng));
        for (var n = 0; n < extra; n++)
        {
            lines.Add(Line(n + 2, items[rng.Below(items.Length)], ref rng));
        }
        return lines.MoveToImmutable();
    }

    private static FeeLine Line(int lineNo, FeeItem item, ref SplitMix rng)
    {
        // Quantity in ten-thousandths: whole units, or halves for items sold by weight or volume.
        var quantity = item.Fractional ? rng.Between(1, item.QuantityMax * 2) * 5_000 : rng.Between(1, item.QuantityMax) * 10_000;
        var amountFen = (item.UnitPriceFen * quantity + 5_000) / 10_000;
        return new FeeLine(lineNo, item.Code, Quantity.FromTenThousandths(quantity),
            Quantity.FromTenThousandths(item.UnitPriceFen * 100), Money.FromFen(Math.Max(1, amountFen)));
    }

    private double SampleMeanVisitFen(int visits)
    {
        long total = 0;
        for (var i = 0; i < visits; i++)
        {
            foreach (var line in FeeLines(i, crossProvince: i % 10 == 9)) total += line.Amount.Fen;
        }
        return total / (double)visits;
    }

    private static string CityCode(int city) => string.Create(CultureInfo.InvariantCulture, $"41{city + 1:D2}00");

    private static string DistrictCode(int city, int district) =>
        string.Create(CultureInfo.InvariantCulture, $"41{city + 1:D2}{district + 2:D2}");

    private static List<Region> Regions(int cities)
    {
        if (cities > 98) throw new ArgumentOutOfRangeException(nameof(cities), "At most 98 cities.");
        var regions = new List<Region>
        {
            new(HomeProvince, "合成省（河南）", null, null),
            new(CrossProvince, "合成省（广东）", null, null),
            new(CrossCity, "合成市（广州）", CrossProvince, RegionSettings.Default),
            new("440103", "合成区 440103", CrossCity, null),
            new("440104", "合成区 440104", CrossCity, null),
        };
        for (var c = 0; c < cities; c++)
        {
            regions.Add(new Region(CityCode(c), $"合成市{c + 1:D2}", HomeProvince, RegionSettings.Default));
            for (var d = 0; d < 2; d++) regions.Add(new Region(DistrictCode(c, d), $"合成区{c + 1:D2}-{d + 1}", CityCode(c), null));
        }
        return regions;
    }

    private static List<BenefitRule> Policies(int cities)
    {
        static Ratio R(int bps) => Ratio.FromBps(bps);
        static Money Y(long yuan) => Money.FromFen(yuan * 100);
        var rules = new List<BenefitRule>();
        foreach (var region in Enumerable.Range(0, cities).Select(CityCode).Append(CrossCity))
        {
            rules.Add(new(region, InsuranceType.Employee, MedType.General, null, PersonGroup.Active, PolicyStart, null,
                Y(200), R(7_800), R(7_300), R(6_700), Y(4_000)));
            rules.Add(new(region, InsuranceType.Employee, MedType.General, null, PersonGroup.Retired, PolicyStart, null,
                Y(200), R(8_400), R(7_800), R(7_300), Y(5_000)));
            rules.Add(new(region, InsuranceType.Resident, MedType.General, null, PersonGroup.Any, PolicyStart, null,
                Y(100), R(6_700), R(6_200), R(5_600), Y(1_500)));
            foreach (var disease in Diseases)
            {
                rules.Add(new(region, InsuranceType.Employee, MedType.Chronic, disease, PersonGroup.Any, PolicyStart, null,
                    Money.Zero, R(9_000), R(8_500), R(8_000), Y(8_000)));
                rules.Add(new(region, InsuranceType.Resident, MedType.Chronic, disease, PersonGroup.Any, PolicyStart, null,
                    Money.Zero, R(7_500), R(7_000), R(6_500), Y(5_000)));
            }
        }
        return rules;
    }

    /// <summary>Institution i's region: a district of a home city, or of 440100 for the cross-province ones.</summary>
    private static string InstitutionRegion(InstitutionRef institution, int index, int cities) =>
        institution.CrossProvince
            ? (index % 2 == 0 ? "440103" : "440104")
            : DistrictCode(index % cities, index / cities % 2);

    private static IEnumerable<InstitutionRef> InstitutionRefs(int count, int cities, ulong seed)
    {
        _ = cities;
        for (var i = 0; i < count; i++)
        {
            var rng = SplitMix.For(seed, 0x1_0000_0000UL + (ulong)i);
            var level = (i % 10) switch { < 2 => 3, < 6 => 2, _ => 1 };
            var cross = i % 10 == 9;
            var code = string.Create(CultureInfo.InvariantCulture, $"LTH{i + 1:D5}");
            yield return new InstitutionRef(code, level, cross, ChronicDesignated: cross || rng.Chance(0.5));
        }
    }

    /// <summary>The catalogue of both provinces, and the items the fee generator draws from.</summary>
    private static (List<CatalogEntry>, ImmutableArray<FeeItem>, ImmutableArray<FeeItem>, ImmutableArray<FeeItem>) Catalog(
        int size, ulong seed, double scale)
    {
        // Kinds of item: share of the catalogue, grade, self-pay ratio (bp), unit price range (yuan), quantity.
        (string Prefix, int Share, CatalogGrade Grade, int SelfPayBps, int PriceMin, int PriceMax, int QtyMax, bool Frac)[] kinds =
        [
            ("YA", 30, CatalogGrade.A, 0, 2, 45, 4, false),         // 甲类药品
            ("YB", 28, CatalogGrade.B, 1_000, 5, 60, 3, false),     // 乙类药品
            ("JY", 14, CatalogGrade.A, 0, 10, 90, 1, false),        // 检验
            ("JC", 6, CatalogGrade.B, 500, 90, 320, 1, false),      // 检查 (CT, 超声)
            ("ZL", 8, CatalogGrade.B, 1_000, 15, 70, 2, false),     // 治疗
            ("ZY", 6, CatalogGrade.B, 2_000, 8, 40, 6, true),       // 中药饮片 (by weight)
            ("ZF", 8, CatalogGrade.C, 10_000, 5, 120, 2, false),    // 丙类 (fully self-paid)
        ];
        var entries = new List<CatalogEntry>();
        var feeItems = new Dictionary<string, List<FeeItem>> { [HomeProvince] = [], [CrossProvince] = [] };
        var consultations = new List<FeeItem>();
        var perProvince = Math.Max(kinds.Length, size / 2);
        foreach (var province in new[] { HomeProvince, CrossProvince })
        {
            var rng = SplitMix.For(seed, province == HomeProvince ? 0xCA7A_0001UL : 0xCA7A_0002UL);
            for (var c = 0; c < 4; c++)
            {
                var code = string.Create(CultureInfo.InvariantCulture, $"ZC{c + 1:D4}");
                var fen = (long)Math.Round((12 + c * 6) * 100 * scale);
                entries.Add(new CatalogEntry(province, code, $"诊查费{c + 1}", CatalogGrade.A, Ratio.Zero, null));
                if (province == HomeProvince) consultations.Add(new FeeItem(code, fen, 1, false));
            }
            var totalShare = kinds.Sum(k => k.Share);
            foreach (var kind in kinds)
            {
                var n = Math.Max(1, perProvince * kind.Share / totalShare);
                for (var j = 0; j < n; j++)
                {
                    var code = string.Create(CultureInfo.InvariantCulture, $"{kind.Prefix}{j + 1:D5}");
                    var fen = (long)Math.Round(rng.Between(kind.PriceMin * 100L, kind.PriceMax * 100L) * scale);
                    // One B item in five has a price cap a little under its usual price: part of it is over the limit.
                    Money? cap = kind.Grade == CatalogGrade.B && j % 5 == 0 ? Money.FromFen(fen * 9 / 10) : null;
                    entries.Add(new CatalogEntry(province, code, $"{kind.Prefix}项目{j + 1}", kind.Grade,
                        Ratio.FromBps(kind.SelfPayBps), cap));
                    feeItems[province].Add(new FeeItem(code, fen, kind.QtyMax, kind.Frac));
                }
            }
            // A few codes the catalogue does not know: fully self-paid, as for any uncatalogued item.
            for (var u = 0; u < 3; u++)
            {
                feeItems[province].Add(new FeeItem(
                    string.Create(CultureInfo.InvariantCulture, $"WML{u + 1:D3}"),
                    (long)Math.Round(rng.Between(500, 3_000) * scale), 1, false));
            }
        }
        return (entries, [.. feeItems[HomeProvince]], [.. feeItems[CrossProvince]], [.. consultations]);
    }

    private static (PersonSeed Seed, PersonRef Ref, bool Filed, bool Suspended) Person(int i, int cities, ulong seed, int year)
    {
        var rng = SplitMix.For(seed, 0x5EED_0000_0000UL + (ulong)i);
        var psnNo = PsnNo(i);
        var employee = rng.Chance(0.65);
        var group = !employee ? PersonGroup.Resident : rng.Chance(0.75) ? PersonGroup.Active : PersonGroup.Retired;
        var civilServant = employee && rng.Chance(0.08);
        var suspended = i % 200 == 199;
        var filed = i % 20 == 7;
        var disease = i % 10 == 3 ? Diseases[i / 10 % Diseases.Length] : null;
        var city = CityCode(i % cities);
        ImmutableArray<Filing> filings = filed ? [new Filing(FilingType.LongTermReside, CrossCity, PolicyStart, null)] : [];
        ImmutableArray<ChronicQualification> chronic = disease is null ? [] : [new ChronicQualification(disease, PolicyStart, null)];
        var profile = new PersonProfile(psnNo, $"合成参保人{i}", city,
            employee ? InsuranceType.Employee : InsuranceType.Resident, group, civilServant,
            suspended ? PersonStatus.Suspended : PersonStatus.Active, filings, chronic);
        var balance = employee ? Money.FromFen(rng.Between(300, 3_000) * 100) : Money.Zero;
        // Most persons met this year's deductible already (outpatient visits are frequent); some start the year.
        var deductible = employee ? 20_000L : 10_000L;
        var met = rng.Chance(0.85);
        var fundPaid = rng.Between(0, employee ? 40_000 : 15_000);
        ImmutableArray<AccumulatorFigures> accumulators =
        [
            new AccumulatorFigures(year, "GEN_OTP", Money.FromFen(met ? deductible : 0), Money.FromFen(fundPaid), Money.Zero),
        ];
        return (new PersonSeed(profile, balance, accumulators), new PersonRef(psnNo, employee, disease), filed, suspended);
    }
}
