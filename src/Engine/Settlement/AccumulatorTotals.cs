using Engine.Contracts;

namespace Engine.Settlement;

/// <summary>A person's year-to-date figures in one (year, bucket) (rules.md §5). Default is a new year: zero.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Settlement.AccumulatorTotals")]
public readonly record struct AccumulatorTotals(
    [property: Id(0)] Money DeductibleUsed,
    [property: Id(1)] Money FundPaid,
    [property: Id(2)] Money CivilServantPaid)
{
    /// <summary>Are all three figures zero.</summary>
    public bool IsZero => DeductibleUsed == Money.Zero && FundPaid == Money.Zero && CivilServantPaid == Money.Zero;

    /// <summary>The totals after committing a settlement's figures.</summary>
    public AccumulatorTotals Add(Contracts.Messages.SettlementFigures figures) => new(
        DeductibleUsed + figures.ActPayDedc, FundPaid + figures.HifpPay, CivilServantPaid + figures.CvlservPay);

    /// <summary>The totals after undoing exactly what a settlement recorded (2208, 2601).</summary>
    public AccumulatorTotals Subtract(Contracts.Messages.SettlementFigures figures) => new(
        DeductibleUsed - figures.ActPayDedc, FundPaid - figures.HifpPay, CivilServantPaid - figures.CvlservPay);
}
