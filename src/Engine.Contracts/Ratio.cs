using System.Globalization;

namespace Engine.Contracts;

/// <summary>
/// A ratio in integer basis points, 0 to 10 000 (0.55 = 5 500 bp). Default is zero.
/// </summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Ratio")]
public readonly record struct Ratio : IComparable<Ratio>
{
    /// <summary>Basis points in one whole.</summary>
    public const int BpsPerUnit = 10_000;

    /// <summary>The ratio in basis points, 0 to <see cref="BpsPerUnit"/>.</summary>
    [Id(0)] public int Bps { get; }

    private Ratio(int bps) => Bps = bps;

    /// <summary>Zero.</summary>
    public static Ratio Zero => default;

    /// <summary>One whole (100%).</summary>
    public static Ratio One => new(BpsPerUnit);

    /// <summary>Wraps <paramref name="bps"/>, checking 0 ≤ bps ≤ 10 000.</summary>
    public static Ratio FromBps(int bps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bps, BpsPerUnit);
        return new Ratio(bps);
    }

    /// <summary>Converts an exact decimal ratio such as 0.55; more than four decimals is an error.</summary>
    public static Ratio FromDecimal(decimal value)
    {
        var bps = value * BpsPerUnit;
        if (bps != decimal.Truncate(bps))
        {
            throw new FormatException($"{value.ToString(CultureInfo.InvariantCulture)} has more than four decimals.");
        }
        if (bps < 0 || bps > BpsPerUnit)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A ratio must be between 0 and 1.");
        }
        return new Ratio((int)bps);
    }

    /// <summary><c>max(0, this − other)</c>: the fund ratio after a reduction in RatioPoints mode (rules.md §4.3).</summary>
    public Ratio MinusFloorZero(Ratio other) => new(Math.Max(0, Bps - other.Bps));

    /// <summary>The ratio as an exact decimal, for reports and JSON only.</summary>
    public decimal ToDecimal() => Bps / (decimal)BpsPerUnit;

    /// <inheritdoc />
    public int CompareTo(Ratio other) => Bps.CompareTo(other.Bps);

    /// <summary>Compares by basis points.</summary>
    public static bool operator <(Ratio left, Ratio right) => left.Bps < right.Bps;

    /// <summary>Compares by basis points.</summary>
    public static bool operator >(Ratio left, Ratio right) => left.Bps > right.Bps;

    /// <summary>Compares by basis points.</summary>
    public static bool operator <=(Ratio left, Ratio right) => left.Bps <= right.Bps;

    /// <summary>Compares by basis points.</summary>
    public static bool operator >=(Ratio left, Ratio right) => left.Bps >= right.Bps;

    /// <summary>Decimal text, e.g. <c>0.55</c>.</summary>
    public override string ToString() => ToDecimal().ToString("0.####", CultureInfo.InvariantCulture);
}
