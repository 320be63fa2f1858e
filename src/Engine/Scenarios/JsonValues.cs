using System.Globalization;
using System.Text.Json;
using Engine.Contracts;

namespace Engine.Scenarios;

/// <summary>
/// Converts one present, non-null JSON value to a typed value, or throws <see cref="ScenarioFormatException"/>
/// naming <c>path</c>. Formats are exact and culture-invariant (scenario-format.md, introduction).
/// </summary>
internal static class JsonValues
{
    /// <summary>A text code parser such as the <c>DomainCodes.TryParse</c> overloads.</summary>
    public delegate bool CodeParser<T>(string? code, out T value);

    private const string DateFormat = "yyyy'-'MM'-'dd";
    private const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
    private const int DateChars = 10; // Checked as well as the format, so no lenient field reading slips through.
    private const int TimeChars = 19;
    private const int DescribedCharsMax = 60;

    private static readonly decimal YuanMax = Contracts.Money.FenMax / (decimal)Contracts.Money.FenPerYuan;

    public static string String(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String) throw Expected(path, "a JSON string", value);
        return value.GetString()!;
    }

    public static bool Boolean(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Expected(path, "true or false", value),
    };

    /// <summary>An exact decimal with at most <paramref name="decimalsMax"/> decimals.</summary>
    /// <param name="expected">How the fault message describes the member ("an integer").</param>
    public static decimal Number(JsonElement value, string path, int decimalsMax, string expected)
    {
        if (value.ValueKind != JsonValueKind.Number) throw Expected(path, expected, value);
        var fault = JsonNumberText.TryParse(value.GetRawText(), decimalsMax, out var number);
        if (fault != JsonNumberFault.None) throw Expected(path, expected, value);
        return number;
    }

    /// <summary>A whole number; <c>2025.0</c> is accepted as 2025. Null when it is whole but outside int.</summary>
    public static int? IntegerOrOutOfRange(JsonElement value, string path)
    {
        var number = Number(value, path, decimalsMax: 0, "an integer");
        return number is >= int.MinValue and <= int.MaxValue ? (int)number : null;
    }

    public static int Integer(JsonElement value, string path) =>
        IntegerOrOutOfRange(value, path) ?? throw Expected(path, "an integer in range", value);

    /// <summary>A non-negative money amount in yuan with at most two decimals (reference data).</summary>
    public static Money Money(JsonElement value, string path)
    {
        const string expected = "a non-negative JSON number with at most two decimals";
        var yuan = Number(value, path, decimalsMax: 2, "a JSON number with at most two decimals");
        if (yuan < 0 || yuan > YuanMax) throw Expected(path, expected, value);
        return Contracts.Money.FromYuan(yuan);
    }

    /// <summary>A ratio between 0 and 1 with at most four decimals.</summary>
    public static Ratio Ratio(JsonElement value, string path)
    {
        const string expected = "a JSON number between 0 and 1 with at most four decimals";
        var ratio = Number(value, path, decimalsMax: 4, expected);
        if (ratio < 0 || ratio > 1) throw Expected(path, expected, value);
        return Contracts.Ratio.FromDecimal(ratio);
    }

    public static DateOnly Date(JsonElement value, string path)
    {
        const string expected = "a date YYYY-MM-DD";
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Expected(path, expected, value);
        if (text.Length != DateChars || !DateOnly.TryParseExact(
                text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Expected(path, expected, value);
        }
        return date;
    }

    /// <summary>A local time without zone, Kind Unspecified: all times are China Standard Time.</summary>
    public static DateTime Time(JsonElement value, string path)
    {
        const string expected = "a time YYYY-MM-DDTHH:MM:SS";
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Expected(path, expected, value);
        if (text.Length != TimeChars || !DateTime.TryParseExact(
                text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw Expected(path, expected, value);
        }
        return DateTime.SpecifyKind(time, DateTimeKind.Unspecified);
    }

    /// <summary>A text code of <paramref name="allowed"/>; other text is a fault naming the allowed codes.</summary>
    public static T Code<T>(JsonElement value, string path, CodeParser<T> parse, IReadOnlyList<string> allowed)
    {
        var expected = "one of " + string.Join(", ", allowed.Select(Quote));
        if (value.ValueKind != JsonValueKind.String) throw Expected(path, expected, value);
        var code = value.GetString()!;
        if (!allowed.Contains(code, StringComparer.Ordinal) || !parse(code, out var parsed))
        {
            throw Expected(path, expected, value);
        }
        return parsed;
    }

    /// <summary><c>path: expected X, got Y</c>, Y being the value's JSON text.</summary>
    public static ScenarioFormatException Expected(string path, string expected, JsonElement value) =>
        new(path, $"expected {expected}, got {Describe(value)}");

    /// <summary>The value's JSON text, shortened when long.</summary>
    public static string Describe(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= DescribedCharsMax ? text : text[..DescribedCharsMax] + "…";
    }

    /// <summary>A string as a JSON string literal, for fault messages.</summary>
    public static string Quote(string text) => "\"" + text + "\"";
}
