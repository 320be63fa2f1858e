using Engine.Contracts;
using Engine.Settlement;

namespace Engine.Tests.Settlement;

/// <summary>R(x) of rules.md §1: to the fen, half away from zero (四舍五入), never banker's rounding.</summary>
public sealed class RoundingTests
{
    [Theory]
    [InlineData(1_245L, 1_000, 125L)]   // 12.45 × 0.10 = 1.245 → 1.25
    [InlineData(2_490L, 500, 125L)]     // 24.90 × 0.05 = 1.245 → 1.25
    [InlineData(250L, 500, 13L)]        // 2.50 × 0.05 = 0.125 → 0.13 (half-even would give 0.12)
    [InlineData(1_244L, 1_000, 124L)]   // 1.244 → 1.24
    [InlineData(1_246L, 1_000, 125L)]   // 1.246 → 1.25
    [InlineData(10L, 5_500, 6L)]        // 0.10 × 0.55 = 0.055 → 0.06
    [InlineData(23_020L, 5_500, 12_661L)] // 230.20 × 0.55 = 126.61 exactly
    [InlineData(21_959L, 2_000, 4_392L)]  // 219.59 × 0.20 = 43.918 → 43.92
    public void MultiplyByRatio_Product_RoundsHalfAwayFromZero(long fen, int bps, long expectedFen)
    {
        Assert.Equal(expectedFen, Rounding.MultiplyByRatio(Money.FromFen(fen), Ratio.FromBps(bps)).Fen);
    }

    [Theory]
    [InlineData(-1_245L, 1_000, -125L)] // −1.245 → −1.25, away from zero (not −1.24)
    [InlineData(-1_244L, 1_000, -124L)]
    [InlineData(-250L, 500, -13L)]
    public void MultiplyByRatio_NegativeTie_RoundsAwayFromZero(long fen, int bps, long expectedFen)
    {
        Assert.Equal(expectedFen, Rounding.MultiplyByRatio(Money.FromFen(fen), Ratio.FromBps(bps)).Fen);
    }

    [Theory]
    [InlineData(1_235L, "0.5", 618L)]   // 0.5 × 12.35 = 6.175 → 6.18
    [InlineData(1_250L, "2", 2_500L)]   // 2 × 12.50 = 25.00
    [InlineData(1L, "0.5", 1L)]         // 0.005 → 0.01
    [InlineData(1L, "0.4999", 0L)]      // 0.004999 → 0.00
    [InlineData(999L, "0.3333", 333L)]  // 9.99 × 0.3333 = 3.329667 → 3.33
    [InlineData(1_235L, "1.5", 1_853L)] // 18.525 → 18.53
    public void MultiplyByQuantity_FractionalQuantity_IsExactThenRoundedOnce(
        long fen, string quantity, long expectedFen)
    {
        var q = Quantity.FromDecimal(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expectedFen, Rounding.MultiplyByQuantity(Money.FromFen(fen), q).Fen);
    }

    [Theory]
    [InlineData(5L, 10L, 1L)]
    [InlineData(-5L, 10L, -1L)]
    [InlineData(4L, 10L, 0L)]
    [InlineData(-4L, 10L, 0L)]
    [InlineData(15L, 10L, 2L)]
    [InlineData(-15L, 10L, -2L)]
    [InlineData(25L, 10L, 3L)]  // Half-even would give 2.
    [InlineData(2L, 3L, 1L)]
    [InlineData(1L, 3L, 0L)]
    public void DivideHalfAwayFromZero_Ties_GoAwayFromZero(long numerator, long denominator, long expected)
    {
        Assert.Equal(expected, Rounding.DivideHalfAwayFromZero(numerator, denominator));
    }

    [Fact]
    public void MultiplyByRatio_LargestAmount_DoesNotOverflow()
    {
        var max = Money.FromFen(Money.FenMax);

        Assert.Equal(Money.FenMax, Rounding.MultiplyByRatio(max, Ratio.One).Fen);
        // 10^14 fen × 9 999 bp = 9.999 × 10^17 before the division: exact.
        Assert.Equal(99_990_000_000_000L, Rounding.MultiplyByRatio(max, Ratio.FromBps(9_999)).Fen);
        Assert.Equal(1L, Rounding.MultiplyByRatio(Money.FromFen(2), Ratio.FromBps(5_000)).Fen);
    }

    [Fact]
    public void DivideHalfAwayFromZero_NumeratorBeyondInt64_IsComputedInInt128()
    {
        var numerator = (Int128)long.MaxValue * 10_000 + 4_999;

        Assert.Equal(long.MaxValue, Rounding.DivideHalfAwayFromZero(numerator, 10_000));
        Assert.Equal(-long.MaxValue, Rounding.DivideHalfAwayFromZero(-numerator, 10_000));
    }

    [Fact]
    public void MultiplyByQuantity_ProductBeyondMoneyRange_ThrowsInsteadOfWrapping()
    {
        // 10^12 yuan × 10 units: the Int128 intermediate (10^19) exceeds Int64, the result exceeds FenMax.
        var price = Money.FromFen(Money.FenMax);

        Assert.Throws<ArgumentOutOfRangeException>(() => Rounding.MultiplyByQuantity(price, Quantity.FromDecimal(10m)));
    }

    [Fact]
    public void DivideHalfAwayFromZero_QuotientBeyondInt64_ThrowsInvariantViolation()
    {
        var numerator = (Int128)long.MaxValue * 2;

        Assert.Throws<InvariantViolationException>(() => Rounding.DivideHalfAwayFromZero(numerator, 1));
        Assert.Throws<InvariantViolationException>(() => Rounding.DivideHalfAwayFromZero(1, 0));
    }
}
