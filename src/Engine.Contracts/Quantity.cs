using System.Globalization;

namespace Engine.Contracts;

/// <summary>
/// A positive decimal with up to four decimals, held as integer ten-thousandths (0.5 = 5 000). Used for a
/// fee line's quantity and unit price; neither is money (scenario-format.md §3).
/// </summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Quantity")]
public readonly record struct Quantity
{
    /// <summary>Ten-thousandths in one unit.</summary>
    public const long TenThousandthsPerUnit = 10_000;

    /// <summary>One billion units: far beyond any real quantity or price.</summary>
    public const long TenThousandthsMax = 1_000_000_000 * TenThousandthsPerUnit;

    /// <summary>The value in ten-thousandths, 0 to <see cref="TenThousandthsMax"/>.</summary>
    [Id(0)] public long TenThousandths { get; }

    private Quantity(long tenThousandths) => TenThousandths = tenThousandths;

    /// <summary>Wraps a value in ten-thousandths, checking the range.</summary>
    public static Quantity FromTenThousandths(long tenThousandths)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tenThousandths);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tenThousandths, TenThousandthsMax);
        return new Quantity(tenThousandths);
    }

    /// <summary>Converts an exact decimal; more than four decimals is an error, never rounded.</summary>
    public static Quantity FromDecimal(decimal value)
    {
        var scaled = value * TenThousandthsPerUnit;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new FormatException($"{value.ToString(CultureInfo.InvariantCulture)} has more than four decimals.");
        }
        if (scaled < 0 || scaled > TenThousandthsMax)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Out of range.");
        }
        return new Quantity((long)scaled);
    }

    /// <summary>The value as an exact decimal, for reports and JSON only.</summary>
    public decimal ToDecimal() => TenThousandths / (decimal)TenThousandthsPerUnit;

    /// <inheritdoc />
    public override string ToString() => ToDecimal().ToString("0.####", CultureInfo.InvariantCulture);
}
