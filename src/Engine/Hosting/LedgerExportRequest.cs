using System.Globalization;

namespace Engine.Hosting;

/// <summary>Which ledger figures an export writes.</summary>
public enum LedgerExportKind
{
    /// <summary>An institution's day (对账, the figures of 3201).</summary>
    Reconciliation = 0,

    /// <summary>A month per insured and treatment region (清算).</summary>
    Clearing = 1,
}

/// <summary>
/// The words of <c>export reconciliation --institution H… --date yyyy-MM-dd [--rows] [--out file]</c> and
/// <c>export clearing --month yyyy-MM [--out file]</c>. Arguments of the form <c>--Section:Key=value</c> are
/// configuration (e.g. <c>--ConnectionStrings:Engine=…</c>) and are passed through.
/// </summary>
public sealed record LedgerExportRequest
{
    /// <summary>The longest institution code the ledger holds.</summary>
    public const int InstitutionLengthMax = 64;

    /// <summary>The usage text of the export commands.</summary>
    public const string Usage = """
          export reconciliation --institution <code> --date <yyyy-MM-dd> [--rows] [--out <file.csv>]
                                   The engine's figures of an institution's day (count, medfee, fund_pay, account;
                                   --rows: one line per settlement/cancellation row instead), as CSV.
          export clearing --month <yyyy-MM> [--out <file.csv>]
                                   The month's clearing per insured x treatment region, as CSV.
                                   Both read the ledger in PostgreSQL (ConnectionStrings:Engine).
        """;

    /// <summary>Reconciliation or clearing.</summary>
    public LedgerExportKind Kind { get; init; }

    /// <summary>The institution (reconciliation).</summary>
    public string Institution { get; init; } = "";

    /// <summary>The business day (reconciliation).</summary>
    public DateOnly Day { get; init; }

    /// <summary>The first day of the month (clearing).</summary>
    public DateOnly Month { get; init; }

    /// <summary>Reconciliation: one line per ledger row instead of the day's totals.</summary>
    public bool Rows { get; init; }

    /// <summary>The file to write, or null for standard output.</summary>
    public string? OutPath { get; init; }

    /// <summary>The configuration arguments (<c>--Key=value</c>) among the words.</summary>
    public IReadOnlyList<string> ConfigurationArgs { get; init; } = [];

    /// <summary>Parses the words after <c>export</c>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out LedgerExportRequest request, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        request = new LedgerExportRequest();
        error = "";
        if (args.Count == 0)
        {
            error = "export needs 'reconciliation' or 'clearing'.";
            return false;
        }
        LedgerExportKind kind;
        switch (args[0])
        {
            case "reconciliation":
                kind = LedgerExportKind.Reconciliation;
                break;
            case "clearing":
                kind = LedgerExportKind.Clearing;
                break;
            default:
                error = $"export: unknown export '{args[0]}' (reconciliation or clearing).";
                return false;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = false;
        var configuration = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var word = args[i];
            if (word == "--rows")
            {
                rows = true;
            }
            else if (word is "--institution" or "--date" or "--month" or "--out")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"export: {word} needs a value.";
                    return false;
                }
                values[word] = args[++i];
            }
            else if (word.StartsWith("--", StringComparison.Ordinal) && word.Contains('=', StringComparison.Ordinal))
            {
                configuration.Add(word);
            }
            else
            {
                error = $"export: unexpected argument '{word}'.";
                return false;
            }
        }
        var outPath = values.GetValueOrDefault("--out");
        if (kind == LedgerExportKind.Reconciliation)
        {
            if (!TryInstitution(values, out var institution, out error) || !TryDay(values, out var day, out error) ||
                !Refuse(values, "--month", kind, out error))
            {
                return false;
            }
            request = new LedgerExportRequest
            {
                Kind = kind, Institution = institution, Day = day, Rows = rows, OutPath = outPath,
                ConfigurationArgs = configuration,
            };
            return true;
        }
        if (!TryMonth(values, out var month, out error) || !Refuse(values, "--institution", kind, out error) ||
            !Refuse(values, "--date", kind, out error))
        {
            return false;
        }
        if (rows)
        {
            error = "export clearing: --rows is for reconciliation only.";
            return false;
        }
        request = new LedgerExportRequest { Kind = kind, Month = month, OutPath = outPath, ConfigurationArgs = configuration };
        return true;
    }

    private static bool TryInstitution(Dictionary<string, string> values, out string institution, out string error)
    {
        institution = values.GetValueOrDefault("--institution", "");
        error = "";
        if (institution.Length is 0 or > InstitutionLengthMax)
        {
            error = $"export reconciliation needs --institution <code> (1 to {InstitutionLengthMax} characters).";
            return false;
        }
        return true;
    }

    private static bool TryDay(Dictionary<string, string> values, out DateOnly day, out string error)
    {
        error = "";
        if (DateOnly.TryParseExact(values.GetValueOrDefault("--date"), "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out day))
        {
            return true;
        }
        error = "export reconciliation needs --date yyyy-MM-dd (e.g. 2025-06-01).";
        return false;
    }

    private static bool TryMonth(Dictionary<string, string> values, out DateOnly month, out string error)
    {
        error = "";
        if (DateOnly.TryParseExact(values.GetValueOrDefault("--month"), "yyyy-MM", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out month))
        {
            return true;
        }
        error = "export clearing needs --month yyyy-MM (e.g. 2025-06).";
        return false;
    }

    private static bool Refuse(Dictionary<string, string> values, string option, LedgerExportKind kind, out string error)
    {
        error = values.ContainsKey(option)
            ? $"export {kind.ToString().ToLowerInvariant()}: {option} does not apply."
            : "";
        return error.Length == 0;
    }
}
