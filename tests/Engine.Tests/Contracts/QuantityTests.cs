using System.Globalization;
using Engine.Contracts;

namespace Engine.Tests.Contracts;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("0.5", 5_000L)]
    [InlineData("2", 20_000L)]
    [InlineData("6.225", 62_250L)]
    [InlineData("0.0001", 1L)]
    public void FromDecimal_AtMostFourDecimals_ConvertsToTenThousandths(string value, long tenThousandths)
    {
        var quantity = Quantity.FromDecimal(decimal.Parse(value, CultureInfo.InvariantCulture));

        Assert.Equal(tenThousandths, quantity.TenThousandths);
    }

    [Fact]
    public void FromDecimal_FiveDecimals_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => Quantity.FromDecimal(0.00001m));
        Assert.Throws<FormatException>(() => Quantity.FromDecimal(1.23456m));
    }

    [Fact]
    public void FromDecimal_NegativeOrAboveOneBillion_ThrowsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.FromDecimal(-1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.FromDecimal(1_000_000_000.0001m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.FromTenThousandths(Quantity.TenThousandthsMax + 1));
    }

    [Fact]
    public void ToDecimal_FractionalQuantity_IsExact()
    {
        Assert.Equal(0.5m, Quantity.FromTenThousandths(5_000).ToDecimal());
        Assert.Equal("6.225", Quantity.FromDecimal(6.225m).ToString());
    }
}
