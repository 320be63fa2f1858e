using System.Globalization;
using Engine.Contracts;

namespace Engine.Tests.Contracts;

public sealed class RatioTests
{
    [Theory]
    [InlineData("0.55", 5_500)]
    [InlineData("0.0001", 1)]
    [InlineData("1", 10_000)]
    [InlineData("0", 0)]
    [InlineData("0.1234", 1_234)]
    public void FromDecimal_AtMostFourDecimals_ConvertsToBasisPoints(string value, int bps)
    {
        Assert.Equal(bps, Ratio.FromDecimal(decimal.Parse(value, CultureInfo.InvariantCulture)).Bps);
    }

    [Theory]
    [InlineData("0.12345")]
    [InlineData("0.00001")]
    public void FromDecimal_FiveDecimals_ThrowsFormatException(string value)
    {
        var ratio = decimal.Parse(value, CultureInfo.InvariantCulture);

        Assert.Throws<FormatException>(() => Ratio.FromDecimal(ratio));
    }

    [Theory]
    [InlineData("1.0001")]
    [InlineData("-0.0001")]
    [InlineData("2")]
    public void FromDecimal_OutsideZeroToOne_ThrowsOutOfRange(string value)
    {
        var ratio = decimal.Parse(value, CultureInfo.InvariantCulture);

        Assert.Throws<ArgumentOutOfRangeException>(() => Ratio.FromDecimal(ratio));
    }

    [Fact]
    public void FromBps_OutsideZeroToTenThousand_ThrowsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ratio.FromBps(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ratio.FromBps(10_001));
    }

    [Fact]
    public void MinusFloorZero_ReductionAboveRatio_IsZero()
    {
        Assert.Equal(3_500, Ratio.FromBps(5_500).MinusFloorZero(Ratio.FromBps(2_000)).Bps);
        Assert.Equal(0, Ratio.FromBps(1_500).MinusFloorZero(Ratio.FromBps(2_000)).Bps);
    }

    [Fact]
    public void ToDecimalAndToString_Ratio_AreExact()
    {
        Assert.Equal(0.55m, Ratio.FromBps(5_500).ToDecimal());
        Assert.Equal("0.55", Ratio.FromBps(5_500).ToString());
        Assert.Equal(Ratio.FromBps(10_000), Ratio.One);
    }
}
