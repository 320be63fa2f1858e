using Engine.Contracts;

namespace Engine.Settlement;

/// <summary>The visit totals of rules.md §4 step 2 before step 2b: sums over classified lines.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Settlement.LineTotals")]
public readonly record struct LineTotals(
    [property: Id(0)] Money MedicalFee,
    [property: Id(1)] Money FullOwnPay,
    [property: Id(2)] Money OverLimit,
    [property: Id(3)] Money PreSelfPay,
    [property: Id(4)] Money InScope)
{
    /// <summary>Sums <paramref name="lines"/>.</summary>
    public static LineTotals Of(ReadOnlySpan<ClassifiedLine> lines)
    {
        var totals = default(LineTotals);
        foreach (ref readonly var line in lines)
        {
            totals += line;
        }
        return totals;
    }

    /// <summary>Adds one line.</summary>
    public static LineTotals operator +(LineTotals totals, ClassifiedLine line) => new(
        totals.MedicalFee + line.Amount,
        totals.FullOwnPay + line.FullOwnPay,
        totals.OverLimit + line.OverLimit,
        totals.PreSelfPay + line.PreSelfPay,
        totals.InScope + line.InScope);

    /// <summary>Adds two totals.</summary>
    public static LineTotals operator +(LineTotals left, LineTotals right) => new(
        left.MedicalFee + right.MedicalFee,
        left.FullOwnPay + right.FullOwnPay,
        left.OverLimit + right.OverLimit,
        left.PreSelfPay + right.PreSelfPay,
        left.InScope + right.InScope);

    /// <summary>Is there no line at all.</summary>
    public bool IsEmpty => MedicalFee == Money.Zero;
}
