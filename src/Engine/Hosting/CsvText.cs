using System.Globalization;

namespace Engine.Hosting;

/// <summary>
/// CSV as RFC 4180 has it: fields separated by commas, records ended by CRLF, and a field that holds a comma, a
/// double quote, CR or LF enclosed in double quotes with its quotes doubled. Money is printed from integer fen.
/// </summary>
public static class CsvText
{
    /// <summary>The record terminator of RFC 4180.</summary>
    public const string LineEnd = "\r\n";

    /// <summary>Writes one record.</summary>
    public static void WriteRecord(TextWriter output, params ReadOnlySpan<string> fields)
    {
        ArgumentNullException.ThrowIfNull(output);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) output.Write(',');
            output.Write(Field(fields[i]));
        }
        output.Write(LineEnd);
    }

    /// <summary>A field, quoted when RFC 4180 requires it.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// Yuan with exactly two decimals from integer fen, e.g. 40245 → "402.45", -5 → "-0.05"; integer arithmetic
    /// only, so every fen prints exactly.
    /// </summary>
    public static string Yuan(long fen)
    {
        const ulong fenPerYuan = 100;
        var magnitude = fen < 0 ? (ulong)(-(fen + 1)) + 1 : (ulong)fen; // No overflow at long.MinValue.
        var yuan = (magnitude / fenPerYuan).ToString(CultureInfo.InvariantCulture);
        var cents = (magnitude % fenPerYuan).ToString("00", CultureInfo.InvariantCulture);
        return (fen < 0 ? "-" : "") + yuan + "." + cents;
    }

    /// <summary>A count in invariant digits.</summary>
    public static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);
}
