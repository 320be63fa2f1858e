using System.Globalization;

namespace Engine.Contracts;

/// <summary>
/// A CNY amount in integer fen (0.01 yuan). Default is zero. Amounts are non-negative in requests and
/// in stored figures; a cancellation reply carries the original's amounts negated (rules.md §7), so the
/// type is signed. Arithmetic is checked: an overflow is a bug or an attack, never a wrap.
/// </summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Money")]
public readonly record struct Money : IComparable<Money>
{
    /// <summary>One trillion yuan. A larger single amount or sum is rejected as out of range.</summary>
    public const long FenMax = 100_000_000_000_000;

    /// <summary>Fen per yuan.</summary>
    public const long FenPerYuan = 100;

    /// <summary>The amount in fen; within ±<see cref="FenMax"/>.</summary>
    [Id(0)] public long Fen { get; }

    private Money(long fen) => Fen = fen;

    /// <summary>Zero fen.</summary>
    public static Money Zero => default;

    /// <summary>Wraps <paramref name="fen"/>, checking |fen| ≤ <see cref="FenMax"/>.</summary>
    public static Money FromFen(long fen)
    {
        if (fen > FenMax || fen < -FenMax)
        {
            throw new ArgumentOutOfRangeException(nameof(fen), fen, $"|fen| must not exceed {FenMax}.");
        }
        return new Money(fen);
    }

    /// <summary>Converts an exact decimal yuan amount; more than two decimals is an error, never rounded.</summary>
    public static Money FromYuan(decimal yuan)
    {
        var fen = yuan * FenPerYuan;
        if (fen != decimal.Truncate(fen))
        {
            throw new FormatException($"{yuan.ToString(CultureInfo.InvariantCulture)} has more than two decimals.");
        }
        if (fen > FenMax || fen < -FenMax)
        {
            throw new ArgumentOutOfRangeException(nameof(yuan), yuan, "Amount out of range.");
        }
        return new Money((long)fen);
    }

    /// <summary>The amount as exact decimal yuan, for reports and JSON only.</summary>
    public decimal ToYuan() => Fen / (decimal)FenPerYuan;

    /// <summary>Is the amount below zero.</summary>
    public bool IsNegative => Fen < 0;

    /// <summary>Checked sum.</summary>
    public static Money operator +(Money left, Money right) => FromFen(checked(left.Fen + right.Fen));

    /// <summary>Checked difference.</summary>
    public static Money operator -(Money left, Money right) => FromFen(checked(left.Fen - right.Fen));

    /// <summary>Negation (cancellation replies).</summary>
    public static Money operator -(Money value) => new(-value.Fen);

    /// <summary>Compares by fen.</summary>
    public static bool operator <(Money left, Money right) => left.Fen < right.Fen;

    /// <summary>Compares by fen.</summary>
    public static bool operator >(Money left, Money right) => left.Fen > right.Fen;

    /// <summary>Compares by fen.</summary>
    public static bool operator <=(Money left, Money right) => left.Fen <= right.Fen;

    /// <summary>Compares by fen.</summary>
    public static bool operator >=(Money left, Money right) => left.Fen >= right.Fen;

    /// <summary>The smaller amount.</summary>
    public static Money Min(Money left, Money right) => left.Fen <= right.Fen ? left : right;

    /// <summary>The larger amount.</summary>
    public static Money Max(Money left, Money right) => left.Fen >= right.Fen ? left : right;

    /// <inheritdoc />
    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);

    /// <summary>Yuan with two decimals, e.g. <c>402.45</c>.</summary>
    public override string ToString() => ToYuan().ToString("0.00", CultureInfo.InvariantCulture);
}
