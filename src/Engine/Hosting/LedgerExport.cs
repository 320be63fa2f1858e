using Npgsql;

namespace Engine.Hosting;

/// <summary>
/// Writes reconciliation and clearing figures as CSV, read straight from the ledger table in PostgreSQL
/// (<c>engine_ledger_row</c>: one row per settlement or cancellation, a cancellation carrying negated amounts,
/// rows undone by a 2601 marked retracted and left out). The sums are the ones 3201 and 9102 reply with.
/// Money is summed in integer fen by PostgreSQL and printed from fen (<see cref="CsvText.Yuan"/>).
/// </summary>
public static class LedgerExport
{
    /// <summary>The header of the day's totals.</summary>
    public static readonly string[] ReconciliationHeader = ["institution", "date", "count", "medfee", "fund_pay", "account"];

    /// <summary>The header of the day's rows (<c>--rows</c>).</summary>
    public static readonly string[] ReconciliationRowsHeader =
    [
        "institution", "date", "event_id", "kind", "insured_region", "treatment_region", "medfee", "fund_pay",
        "pooled_fund", "civil_servant", "account",
    ];

    /// <summary>The header of the month's clearing lines.</summary>
    public static readonly string[] ClearingHeader =
    [
        "month", "insured_region", "treatment_region", "count", "medfee", "pooled_fund", "civil_servant", "account",
    ];

    private const string SelectDayTotals = """
        SELECT count(*)::bigint, coalesce(sum(medfee_fen), 0)::bigint, coalesce(sum(fund_pay_fen), 0)::bigint,
               coalesce(sum(account_fen), 0)::bigint
          FROM engine_ledger_row
         WHERE institution = @institution AND business_day = @day AND NOT retracted
        """;

    private const string SelectDayRows = """
        SELECT event_id, insured_region, treatment_region, medfee_fen, fund_pay_fen, pooled_fund_fen,
               civil_servant_fen, account_fen
          FROM engine_ledger_row
         WHERE institution = @institution AND business_day = @day AND NOT retracted
         ORDER BY event_id COLLATE "C"
        """;

    private const string SelectMonth = """
        SELECT insured_region, treatment_region, count(*)::bigint, sum(medfee_fen)::bigint,
               sum(pooled_fund_fen)::bigint, sum(civil_servant_fen)::bigint, sum(account_fen)::bigint
          FROM engine_ledger_row
         WHERE business_day >= @first AND business_day < @next AND NOT retracted
         GROUP BY insured_region, treatment_region
         ORDER BY insured_region COLLATE "C", treatment_region COLLATE "C"
        """;

    /// <summary>Writes the export <paramref name="request"/> names; returns the number of data lines (header excluded).</summary>
    public static Task<int> WriteAsync(LedgerExportRequest request, NpgsqlDataSource dataSource, TextWriter output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Kind switch
        {
            LedgerExportKind.Clearing => WriteClearingAsync(request.Month, dataSource, output, cancellationToken),
            _ when request.Rows => WriteDayRowsAsync(request.Institution, request.Day, dataSource, output, cancellationToken),
            _ => WriteDayTotalsAsync(request.Institution, request.Day, dataSource, output, cancellationToken),
        };
    }

    private static async Task<int> WriteDayTotalsAsync(string institution, DateOnly day, NpgsqlDataSource dataSource,
        TextWriter output, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectDayTotals);
        command.Parameters.Add(new NpgsqlParameter<string>("institution", institution));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("day", day));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        CsvText.WriteRecord(output, ReconciliationHeader);
        CsvText.WriteRecord(output, institution, IsoDay(day), CsvText.Count(reader.GetInt64(0)),
            CsvText.Yuan(reader.GetInt64(1)), CsvText.Yuan(reader.GetInt64(2)), CsvText.Yuan(reader.GetInt64(3)));
        return 1;
    }

    private static async Task<int> WriteDayRowsAsync(string institution, DateOnly day, NpgsqlDataSource dataSource,
        TextWriter output, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectDayRows);
        command.Parameters.Add(new NpgsqlParameter<string>("institution", institution));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("day", day));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        CsvText.WriteRecord(output, ReconciliationRowsHeader);
        var lines = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var eventId = reader.GetString(0);
            CsvText.WriteRecord(output, institution, IsoDay(day), eventId, KindOf(eventId), reader.GetString(1),
                reader.GetString(2), CsvText.Yuan(reader.GetInt64(3)), CsvText.Yuan(reader.GetInt64(4)),
                CsvText.Yuan(reader.GetInt64(5)), CsvText.Yuan(reader.GetInt64(6)), CsvText.Yuan(reader.GetInt64(7)));
            lines++;
        }
        return lines;
    }

    private static async Task<int> WriteClearingAsync(DateOnly month, NpgsqlDataSource dataSource, TextWriter output,
        CancellationToken cancellationToken)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        await using var command = dataSource.CreateCommand(SelectMonth);
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("first", first));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("next", first.AddMonths(1)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        CsvText.WriteRecord(output, ClearingHeader);
        var monthText = first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var lines = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            CsvText.WriteRecord(output, monthText, reader.GetString(0), reader.GetString(1),
                CsvText.Count(reader.GetInt64(2)), CsvText.Yuan(reader.GetInt64(3)), CsvText.Yuan(reader.GetInt64(4)),
                CsvText.Yuan(reader.GetInt64(5)), CsvText.Yuan(reader.GetInt64(6)));
            lines++;
        }
        return lines;
    }

    /// <summary>The row kind an event id names: "…#s" a settlement, "…#c&lt;n&gt;" its n-th cancellation.</summary>
    private static string KindOf(string eventId)
    {
        var suffix = eventId.AsSpan(eventId.LastIndexOf('#') + 1);
        return suffix.SequenceEqual("s") ? "settlement" : suffix.StartsWith("c") ? "cancellation" : "";
    }

    private static string IsoDay(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
