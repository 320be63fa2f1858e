using Engine.Contracts;

namespace Engine.Settlement;

/// <summary>
/// The rounding R(x) of rules.md §1: to the fen, half away from zero (四舍五入). Each named operation is one of
/// the five places the rules round; everything else is a sum or a remainder. Intermediates are Int128 so that
/// no product can overflow.
/// </summary>
public static class Rounding
{
    /// <summary>R(amount × ratio): the pooled-fund raw share, the supplement, a first self-pay share, x.</summary>
    public static Money MultiplyByRatio(Money amount, Ratio ratio) =>
        Money.FromFen(DivideHalfAwayFromZero((Int128)amount.Fen * ratio.Bps, Ratio.BpsPerUnit));

    /// <summary>R(quantity × priceCap): a line's price limit, exact for fractional quantities (0.5 × 12.35 → 6.18).</summary>
    public static Money MultiplyByQuantity(Money unitPrice, Quantity quantity) =>
        Money.FromFen(DivideHalfAwayFromZero(
            (Int128)unitPrice.Fen * quantity.TenThousandths, Quantity.TenThousandthsPerUnit));

    /// <summary>numerator / denominator rounded to the nearest integer, ties away from zero.</summary>
    public static long DivideHalfAwayFromZero(Int128 numerator, long denominator)
    {
        Invariant.Assert(denominator > 0);
        var magnitude = Int128.Abs(numerator);
        var quotient = (magnitude + denominator / 2) / denominator; // Half up on the magnitude.
        Invariant.Assert(quotient <= long.MaxValue);
        return numerator < 0 ? -(long)quotient : (long)quotient;
    }
}
