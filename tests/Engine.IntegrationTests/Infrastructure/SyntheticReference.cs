using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>A small local reference (one city, one level-3 institution, one capped rule) and generated persons.</summary>
public static class SyntheticReference
{
    /// <summary>The institution every synthetic visit is registered at.</summary>
    public const string Institution = "H36010200001";

    /// <summary>The annual pooled-fund cap of the rule: 2,000.00 yuan.</summary>
    public static readonly Money AnnualCap = Money.FromYuan(2_000m);

    /// <summary>Each person's starting account balance: 500.00 yuan.</summary>
    public static readonly Money StartingBalance = Money.FromYuan(500m);

    /// <summary>The reference with <paramref name="personCount"/> active employees, psnNo "P{n:D8}".</summary>
    public static ReferenceData Build(int personCount) => new(
        [
            new Region("360000", "江西省", null, null),
            new Region("360100", "南昌市", "360000", null),
            new Region("360102", "东湖区", "360100", null),
        ],
        [],
        [
            new BenefitRule("360100", InsuranceType.Employee, MedType.General, null, PersonGroup.Any,
                new DateOnly(2024, 1, 1), null, Money.FromYuan(300m), Ratio.FromDecimal(0.65m),
                Ratio.FromDecimal(0.60m), Ratio.FromDecimal(0.55m), AnnualCap),
        ],
        [
            new CatalogEntry("360000", "A001", "诊查费", CatalogGrade.A, Ratio.Zero, null),
            new CatalogEntry("360000", "B010", "乙类药品", CatalogGrade.B, Ratio.FromDecimal(0.10m), null),
        ],
        [new Institution(Institution, "东湖区三级医院", "360102", 3, true, true)],
        [.. Enumerable.Range(0, personCount).Select(Person)]);

    /// <summary>The psnNo of synthetic person <paramref name="index"/>.</summary>
    public static string PsnNo(int index) => $"P{index:D8}";

    /// <summary>Two lines totalling 400.00 yuan: 200.00 甲类 and 200.00 乙类 (10% first self-pay).</summary>
    public static ImmutableArray<FeeLine> Lines { get; } =
    [
        new FeeLine(1, "A001", Quantity.FromDecimal(1m), Quantity.FromDecimal(200m), Money.FromYuan(200m)),
        new FeeLine(2, "B010", Quantity.FromDecimal(2m), Quantity.FromDecimal(100m), Money.FromYuan(200m)),
    ];

    private static PersonSeed Person(int index) => new(
        new PersonProfile(PsnNo(index), "参保人", "360100", InsuranceType.Employee, PersonGroup.Active,
            CivilServant: false, PersonStatus.Active, [], []),
        StartingBalance,
        []);
}
