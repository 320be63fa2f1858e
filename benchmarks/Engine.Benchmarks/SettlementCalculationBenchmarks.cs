using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;
using Engine.Settlement;

namespace Engine.Benchmarks;

/// <summary>
/// The pure settlement calculation of one visit (rules.md §4): classify every line against its treatment-region
/// catalogue entry, sum the visit totals, calculate the figures. Target: ≤ 2 µs for a 5-line visit and no
/// allocation beyond the returned <see cref="SettlementFigures"/>.
/// </summary>
/// <remarks>
/// The classified lines go into a scratch buffer allocated once in setup, so the measured path allocates only what
/// src/ allocates. <see cref="CalculateOnly"/> measures step 2b to 8 alone: its Allocated figure is the size of
/// the result, the floor the other two rows are compared against.
/// </remarks>
[MemoryDiagnoser]
public class SettlementCalculationBenchmarks
{
    /// <summary>The institution's region: a district under a city under a province.</summary>
    private const string TreatmentRegion = "320102";

    /// <summary>Filler catalogue codes, for a realistic index size (the lines use codes of their own).</summary>
    private const int FillerCodes = 2_000;

    private const int Year = 2026;

    private ReferenceSnapshot snapshot = ReferenceSnapshot.Empty;
    private FeeLine[] lines = [];
    private CatalogEntry?[] entries = [];
    private ClassifiedLine[] scratch = [];
    private LineTotals precomputedTotals;

    /// <summary>
    /// A TMP_OTHER visit in RatioPoints mode (r 0.85 − p 0.20 → 0.65) of an employee civil servant who uses the
    /// account: deductible 800.00 with 650.00 already used, annual cap 30 000.00 with 29 900.00 already paid (only
    /// 100.00 of room, so the cap binds on the larger visit).
    /// </summary>
    private readonly VisitTerms terms = new(
        FilingCategory.TemporaryOther,
        VisitTerms.GeneralBucket,
        Deductible: Money.FromYuan(800.00m),
        Ratio: Ratio.FromDecimal(0.85m),
        AnnualCap: Money.FromYuan(30_000.00m),
        Reduction: Ratio.FromDecimal(0.20m),
        ReductionMode.RatioPoints,
        CivilServantRatio: Ratio.FromDecimal(0.20m),
        MayUseAccount: true);

    private readonly AccumulatorTotals used = new(
        DeductibleUsed: Money.FromYuan(650.00m), FundPaid: Money.FromYuan(29_900.00m), CivilServantPaid: Money.Zero);

    private readonly Money balance = Money.FromYuan(1_000.00m);

    /// <summary>Lines in the visit.</summary>
    [Params(5, 50)]
    public int LineCount { get; set; }

    /// <summary>Builds the reference snapshot and the visit's lines, and checks that both variants agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var catalog = ImmutableArray.CreateBuilder<CatalogEntry>();
        for (var k = 0; k < FillerCodes; k++)
        {
            var grade = (k % 3) switch { 0 => CatalogGrade.A, 1 => CatalogGrade.B, _ => CatalogGrade.C };
            catalog.Add(new CatalogEntry("320000", $"F{k:D6}", "filler", grade, Ratio.FromBps(k % 3 == 1 ? 1_000 : 0),
                k % 4 == 0 ? Money.FromFen(100 + k) : null));
        }

        lines = new FeeLine[LineCount];
        for (var i = 0; i < LineCount; i++)
        {
            var template = Templates[i % Templates.Length];
            var code = $"{template.Prefix}{i:D4}";
            lines[i] = new FeeLine(i + 1, code, Quantity.FromDecimal(template.Quantity), Quantity.FromDecimal(1m),
                Money.FromYuan(template.Amount));
            if (template.Grade is not { } grade) continue; // Not in the catalogue at all.
            var entry = new CatalogEntry(template.EntryRegion, code, template.Prefix, grade,
                Ratio.FromDecimal(template.SelfPayRatio), template.PriceCap is { } cap ? Money.FromYuan(cap) : null);
            if (template.ShadowRegion is { } shadow)
            {
                // A less specific or foreign entry of the same code, listed first: the look-up must pass over it.
                catalog.Add(entry with { Region = shadow, Grade = CatalogGrade.C, PriceCap = null });
            }
            catalog.Add(entry);
        }

        var regions = ImmutableArray.Create(
            new Region("110000", "Beijing", null, null),
            new Region("110100", "Beijing city", "110000", null),
            new Region("320000", "Jiangsu", null, null),
            new Region("320100", "Nanjing", "320000", null),
            new Region(TreatmentRegion, "Xuanwu", "320100", null));
        snapshot = new ReferenceSnapshot(
            new ReferenceData(regions, [], [], catalog.ToImmutable(), [], []), version: 1);

        entries = new CatalogEntry?[LineCount];
        for (var i = 0; i < LineCount; i++)
        {
            entries[i] = snapshot.FindCatalogEntry(lines[i].Code, TreatmentRegion);
            if (entries[i]?.Grade != Templates[i % Templates.Length].Grade)
            {
                throw new InvalidOperationException($"Line {i + 1}: the look-up found the wrong catalogue entry.");
            }
        }
        scratch = new ClassifiedLine[LineCount];
        precomputedTotals = LineTotals.Of(Classify(entries));

        var preResolved = PreResolved();
        var withLookup = WithCatalogLookup();
        if (preResolved != withLookup || preResolved != CalculateOnly())
        {
            throw new InvalidOperationException("The benchmark variants disagree.");
        }
    }

    /// <summary>Classify against pre-resolved catalogue entries, sum, calculate.</summary>
    [Benchmark(Baseline = true)]
    public SettlementFigures PreResolved()
    {
        var classified = scratch;
        var feeLines = lines;
        var resolved = entries;
        for (var i = 0; i < feeLines.Length; i++)
        {
            classified[i] = LineClassifier.Classify(feeLines[i], resolved[i]);
        }
        return SettlementCalculator.Calculate(terms, LineTotals.Of(classified), used, balance, useAccount: true, Year);
    }

    /// <summary>As <see cref="PreResolved"/>, with <see cref="ReferenceSnapshot.FindCatalogEntry"/> per line.</summary>
    [Benchmark]
    public SettlementFigures WithCatalogLookup()
    {
        var classified = scratch;
        var feeLines = lines;
        var reference = snapshot;
        for (var i = 0; i < feeLines.Length; i++)
        {
            var line = feeLines[i];
            classified[i] = LineClassifier.Classify(line, reference.FindCatalogEntry(line.Code, TreatmentRegion));
        }
        return SettlementCalculator.Calculate(terms, LineTotals.Of(classified), used, balance, useAccount: true, Year);
    }

    /// <summary>Steps 2b to 8 alone, on totals summed in setup: the cost and allocation of the result.</summary>
    [Benchmark]
    public SettlementFigures CalculateOnly() =>
        SettlementCalculator.Calculate(terms, precomputedTotals, used, balance, useAccount: true, Year);

    private ClassifiedLine[] Classify(CatalogEntry?[] resolved)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            scratch[i] = LineClassifier.Classify(lines[i], resolved[i]);
        }
        return scratch;
    }

    /// <summary>
    /// The line mix, cycled. The first five (the 5-line visit) are one each of: grade 01 without a cap; grade 02
    /// with a cap exceeded at a fractional quantity; grade 03; grade 02 under its cap at a fractional quantity;
    /// grade 01 over its cap with a city-level entry shadowing the province's.
    /// </summary>
    private static readonly LineTemplate[] Templates =
    [
        new("WM-A", CatalogGrade.A, 0.00m, null, 1m, 35.00m, "320000", null),
        new("WM-B", CatalogGrade.B, 0.10m, 12.35m, 0.5m, 6.50m, "320000", "110000"), // cap R(6.175) = 6.18
        new("SV-C", CatalogGrade.C, 0.00m, null, 1m, 120.00m, "320000", null),
        new("TC-B", CatalogGrade.B, 0.20m, 25.00m, 2.5m, 48.00m, "320000", null),
        new("EX-A", CatalogGrade.A, 0.00m, 8.80m, 12.5m, 118.00m, "320100", "320000"), // cap 110.00
        new("XX-U", null, 0.00m, null, 1m, 22.00m, "320000", null), // not in the catalogue
        new("TC-B", CatalogGrade.B, 0.05m, null, 0.75m, 15.30m, "320000", null),
        new("MT-A", CatalogGrade.A, 0.00m, 3.33m, 7.5m, 30.00m, "320000", null), // cap R(24.975) = 24.98
        new("SV-C", CatalogGrade.C, 0.00m, null, 2m, 64.00m, "320000", null),
        new("LB-B", CatalogGrade.B, 0.15m, 87.65m, 1.25m, 99.99m, "320102", "320000"), // cap 109.56, under
    ];

    /// <param name="Grade">Null: the code is not in the catalogue.</param>
    /// <param name="ShadowRegion">Another entry of the same code, listed before this one, or null.</param>
    private sealed record LineTemplate(
        string Prefix, CatalogGrade? Grade, decimal SelfPayRatio, decimal? PriceCap, decimal Quantity,
        decimal Amount, string EntryRegion, string? ShadowRegion);
}
