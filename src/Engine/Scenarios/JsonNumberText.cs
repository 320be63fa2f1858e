using System.Globalization;

namespace Engine.Scenarios;

/// <summary>
/// Reads JSON numbers exactly. The decimal count is taken from the number's text, never from a binary float and
/// never from a <see cref="decimal"/> parse, which silently rounds beyond 28 digits: the text
/// <c>12.340000000000000000000000000001</c> has thirty decimals, not two. Trailing zeros do not count, so
/// <c>184.000</c> is a whole number.
/// </summary>
internal static class JsonNumberText
{
    // Beyond this an exponent only describes absurd values; clamping keeps the arithmetic in range.
    private const int ExponentMagnitudeMax = 1_000_000;

    /// <summary>Parses a JSON number's text into an exact decimal with at most <paramref name="decimalsMax"/>
    /// decimals.</summary>
    /// <returns>Ok, TooManyDecimals, or OutOfRange when the value does not fit a <see cref="decimal"/>.</returns>
    public static JsonNumberFault TryParse(string text, int decimalsMax, out decimal value)
    {
        value = 0m;
        if (DecimalsOf(text) > decimalsMax) return JsonNumberFault.TooManyDecimals;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return JsonNumberFault.OutOfRange;
        }
        return JsonNumberFault.None;
    }

    /// <summary>The decimals the value needs: fraction digits minus exponent, trailing zeros ignored.</summary>
    public static int DecimalsOf(string text)
    {
        var exponentAt = text.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : ParseExponent(text[(exponentAt + 1)..]);
        var pointAt = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = (pointAt < 0 ? mantissa : mantissa.Remove(pointAt, 1)).TrimStart('-');
        var fractionLength = pointAt < 0 ? 0 : mantissa.Length - pointAt - 1;
        var significant = digits.TrimEnd('0');
        if (significant.Length == 0) return 0; // Every digit is zero: the value is zero.
        var trailingZeros = digits.Length - significant.Length;
        var scale = (long)fractionLength - exponent - trailingZeros;
        return scale <= 0 ? 0 : (int)Math.Min(scale, int.MaxValue);
    }

    private static int ParseExponent(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('+', '-').TrimStart('0');
        var magnitude = digits.Length > 7
            ? ExponentMagnitudeMax
            : Math.Min(ExponentMagnitudeMax, digits.Length == 0 ? 0 : int.Parse(digits, CultureInfo.InvariantCulture));
        return negative ? -magnitude : magnitude;
    }
}
