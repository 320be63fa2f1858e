using Engine.Contracts.Wire;

namespace Engine.Tests.Wire;

public sealed class WireTimeTests
{
    [Fact]
    public void EncodeDateTime_Example_IsTheDecimalDigits()
    {
        Assert.Equal(20250601090000, WireTime.EncodeDateTime(new DateTime(2025, 6, 1, 9, 0, 0)));
        Assert.Equal(99991231235959, WireTime.EncodeDateTime(new DateTime(9999, 12, 31, 23, 59, 59)));
    }

    [Fact]
    public void DateTime_DefaultAndZero_MapToEachOther()
    {
        Assert.Equal(0, WireTime.EncodeDateTime(default));
        Assert.True(WireTime.TryDecodeDateTime(0, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void DecodeDateTime_Valid_HasUnspecifiedKind()
    {
        Assert.True(WireTime.TryDecodeDateTime(20240229235959, out var value));

        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 59), value);
        Assert.Equal(DateTimeKind.Unspecified, value.Kind);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(20250229000000L)]
    [InlineData(20251301000000L)]
    [InlineData(20250100000000L)]
    [InlineData(20250601240000L)]
    [InlineData(20250601096000L)]
    [InlineData(20250601090060L)]
    [InlineData(100000101000000L)]
    [InlineData(101000000L)]
    [InlineData(long.MaxValue)]
    public void TryDecodeDateTime_Impossible_ReturnsFalse(long wire)
    {
        Assert.False(WireTime.TryDecodeDateTime(wire, out _));
    }

    [Fact]
    public void EncodeDateTime_FractionOfASecond_ThrowsAndTruncateFixesIt()
    {
        var time = new DateTime(2025, 6, 1, 9, 0, 0).AddMilliseconds(999);

        Assert.Throws<ArgumentException>(() => WireTime.EncodeDateTime(time));
        Assert.Equal(20250601090000, WireTime.EncodeDateTime(WireTime.TruncateToSeconds(time)));
    }

    [Fact]
    public void Date_RoundTripsAndRejectsImpossible()
    {
        Assert.Equal(20250601, WireTime.EncodeDate(new DateOnly(2025, 6, 1)));
        Assert.Equal(0, WireTime.EncodeDate(default));
        Assert.True(WireTime.TryDecodeDate(20251231, out var date));
        Assert.Equal(new DateOnly(2025, 12, 31), date);
        Assert.True(WireTime.TryDecodeDate(0, out var missing));
        Assert.Equal(default, missing);
        Assert.False(WireTime.TryDecodeDate(20250431, out _));
        Assert.False(WireTime.TryDecodeDate(-20250101, out _));
        Assert.False(WireTime.TryDecodeDate(101, out _));
    }
}
