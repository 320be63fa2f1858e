using Engine.Contracts;

namespace Engine.Tests.Contracts;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("402.45", 40_245L)]
    [InlineData("0.01", 1L)]
    [InlineData("12", 1_200L)]
    [InlineData("-3.5", -350L)]
    [InlineData("0", 0L)]
    public void FromYuan_ExactTwoDecimals_ConvertsToFen(string yuan, long fen)
    {
        var money = Money.FromYuan(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(fen, money.Fen);
    }

    [Theory]
    [InlineData("1.234")]
    [InlineData("0.001")]
    [InlineData("-6.175")]
    public void FromYuan_ThreeDecimals_ThrowsFormatExceptionInsteadOfRounding(string yuan)
    {
        var value = decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Throws<FormatException>(() => Money.FromYuan(value));
    }

    [Fact]
    public void FromYuan_AboveOneTrillionYuan_ThrowsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.FromYuan(1_000_000_000_000.01m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.FromYuan(-1_000_000_000_000.01m));
    }

    [Fact]
    public void FromYuan_ExactlyOneTrillionYuan_IsFenMax()
    {
        Assert.Equal(Money.FenMax, Money.FromYuan(1_000_000_000_000m).Fen);
    }

    [Fact]
    public void FromFen_BeyondFenMax_ThrowsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.FromFen(Money.FenMax + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.FromFen(-Money.FenMax - 1));
        Assert.Equal(-Money.FenMax, Money.FromFen(-Money.FenMax).Fen);
    }

    [Fact]
    public void Addition_SumBeyondFenMax_ThrowsInsteadOfWrapping()
    {
        var max = Money.FromFen(Money.FenMax);

        Assert.Throws<ArgumentOutOfRangeException>(() => max + Money.FromFen(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => -max - Money.FromFen(1));
    }

    [Fact]
    public void Arithmetic_SmallAmounts_IsExactInFen()
    {
        var a = Money.FromYuan(0.10m);
        var b = Money.FromYuan(0.20m);

        Assert.Equal(Money.FromYuan(0.30m), a + b);
        Assert.Equal(Money.FromYuan(-0.10m), a - b);
        Assert.Equal(Money.FromFen(-10), -a);
        Assert.True((a - b).IsNegative);
        Assert.Equal(a, Money.Min(a, b));
        Assert.Equal(b, Money.Max(a, b));
    }

    [Fact]
    public void ToYuanAndToString_NegativeAndPositive_AreExactWithTwoDecimals()
    {
        Assert.Equal(402.45m, Money.FromFen(40_245).ToYuan());
        Assert.Equal("402.45", Money.FromFen(40_245).ToString());
        Assert.Equal("-1.25", Money.FromFen(-125).ToString());
        Assert.Equal("0.00", Money.Zero.ToString());
    }
}
