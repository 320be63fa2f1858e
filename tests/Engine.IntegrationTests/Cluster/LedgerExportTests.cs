using Engine.Accounting;
using Engine.Contracts;
using Engine.Contracts.Messages;
using Engine.Hosting;
using Engine.IntegrationTests.Infrastructure;
using Engine.Lifecycle;
using Npgsql;

namespace Engine.IntegrationTests.Cluster;

/// <summary>
/// <c>export reconciliation</c> and <c>export clearing</c> run in-process against a ledger in a real PostgreSQL:
/// settlements, cancellations on a later day and in a later month, a row retracted by a 2601, other institutions
/// and months. The expected CSV is written out by hand, to the fen.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerExportTests(PostgresServer postgres)
{
    private const string Odd = "H3,\"A\""; // An institution code that needs RFC 4180 quoting.

    [Fact]
    public async Task Reconciliation_DayWithSettlementCancellationAndRetraction_TotalsLine()
    {
        var database = await LedgerAsync();

        var csv = await ExportAsync(database, "reconciliation", "--institution", "H1", "--date", "2025-06-01");

        Assert.Equal(
            "institution,date,count,medfee,fund_pay,account\r\n" +
            "H1,2025-06-01,3,100.01,0.01,0.00\r\n", csv);
    }

    [Fact]
    public async Task Reconciliation_DayOfOnlyAnEarlierSettlementsCancellation_NegativeTotals()
    {
        var database = await LedgerAsync();

        var csv = await ExportAsync(database, "reconciliation", "--institution", "H1", "--date", "2025-06-02");

        Assert.Equal(
            "institution,date,count,medfee,fund_pay,account\r\n" +
            "H1,2025-06-02,2,-7.34,-7.00,-0.05\r\n", csv);
    }

    [Fact]
    public async Task Reconciliation_Rows_OneLinePerSettlementAndCancellationRow()
    {
        var database = await LedgerAsync();

        var csv = await ExportAsync(database, "reconciliation", "--institution", "H1", "--date", "2025-06-01", "--rows");

        Assert.Equal(
            "institution,date,event_id,kind,insured_region,treatment_region,medfee,fund_pay,pooled_fund,civil_servant,account\r\n" +
            "H1,2025-06-01,P1-S1#c1,cancellation,360100,360102,-402.45,-226.10,-200.00,-26.10,-50.00\r\n" +
            "H1,2025-06-01,P1-S1#s,settlement,360100,360102,402.45,226.10,200.00,26.10,50.00\r\n" +
            "H1,2025-06-01,P2-S1#s,settlement,360200,360102,100.01,0.01,0.01,0.00,0.00\r\n", csv);
    }

    [Fact]
    public async Task Reconciliation_InstitutionNeedingQuotes_QuotedField()
    {
        var database = await LedgerAsync();

        var csv = await ExportAsync(database, "reconciliation", "--institution", Odd, "--date", "2025-06-01");

        Assert.Equal(
            "institution,date,count,medfee,fund_pay,account\r\n" +
            "\"H3,\"\"A\"\"\",2025-06-01,1,1.00,0.50,0.10\r\n", csv);
    }

    [Fact]
    public async Task Reconciliation_DayWithoutRows_ZeroTotals()
    {
        var database = await LedgerAsync();

        var csv = await ExportAsync(database, "reconciliation", "--institution", "H9", "--date", "2025-06-01");

        Assert.Equal(
            "institution,date,count,medfee,fund_pay,account\r\n" +
            "H9,2025-06-01,0,0.00,0.00,0.00\r\n", csv);
    }

    [Fact]
    public async Task Clearing_Month_OneLinePerInsuredAndTreatmentRegion()
    {
        var database = await LedgerAsync();

        var csv = await ExportAsync(database, "clearing", "--month", "2025-06");

        Assert.Equal(
            "month,insured_region,treatment_region,count,medfee,pooled_fund,civil_servant,account\r\n" +
            "2025-06,360100,360102,5,192.66,104.00,9.00,29.95\r\n" +
            "2025-06,360100,360103,1,1.00,0.50,0.00,0.10\r\n" +
            "2025-06,360200,360102,1,100.01,0.01,0.00,0.00\r\n", csv);
    }

    [Fact]
    public async Task Clearing_Month_SameFiguresAsTheLedgerStoreReplies()
    {
        var database = await LedgerAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var store = new PostgresLedgerStore(dataSource);

        var csv = await ExportAsync(database, "clearing", "--month", "2025-06");
        var lines = await store.ClearingAsync(2025, 6);

        var fromStore = lines.Select(l => $"2025-06,{l.InsuredRegion},{l.TreatmentRegion},{l.Count},{l.MedfeeSum}," +
            $"{l.PooledFundSum},{l.CivilServantSum},{l.AccountSum}");
        Assert.Equal(fromStore, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1));
    }

    [Fact]
    public async Task Clearing_MonthWithoutRows_HeaderOnly()
    {
        var database = await LedgerAsync();

        var csv = await ExportAsync(database, "clearing", "--month", "2025-08");

        Assert.Equal("month,insured_region,treatment_region,count,medfee,pooled_fund,civil_servant,account\r\n", csv);
    }

    [Fact]
    public async Task Out_File_WrittenWholeAndNothingOnStandardOutput()
    {
        var database = await LedgerAsync();
        var folder = Directory.CreateTempSubdirectory("engine-export-");
        var path = Path.Combine(folder.FullName, "clearing.csv");
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await LedgerExportCommand.RunAsync(
            ["clearing", "--month", "2025-06", "--out", path, $"--ConnectionStrings:Engine={database}"], output, errors);

        Assert.Equal(0, exitCode);
        Assert.Equal("", output.ToString());
        Assert.Equal(4, (await File.ReadAllTextAsync(path)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(["clearing.csv"], folder.GetFiles().Select(f => f.Name));
        Assert.Contains("Wrote 3 line(s)", errors.ToString(), StringComparison.Ordinal);
        folder.Delete(recursive: true);
    }

    [Theory]
    [InlineData(new[] { "reconciliation", "--institution", "H1" }, "--date yyyy-MM-dd")]
    [InlineData(new[] { "reconciliation", "--date", "2025-06-01" }, "--institution <code>")]
    [InlineData(new[] { "reconciliation", "--institution", "H1", "--date", "2025-6-1" }, "--date yyyy-MM-dd")]
    [InlineData(new[] { "clearing", "--month", "2025-13" }, "--month yyyy-MM")]
    [InlineData(new[] { "clearing", "--month", "2025-06", "--rows" }, "--rows is for reconciliation only")]
    [InlineData(new[] { "clearing", "--month", "2025-06", "--date", "2025-06-01" }, "--date does not apply")]
    [InlineData(new[] { "settlements" }, "unknown export 'settlements'")]
    [InlineData(new[] { "clearing", "--month" }, "--month needs a value")]
    [InlineData(new[] { "clearing", "extra" }, "unexpected argument 'extra'")]
    public async Task BadCommandLine_UsageExitCodeAndTheReason(string[] args, string reason)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await LedgerExportCommand.RunAsync(args, output, errors);

        Assert.Equal(LedgerExportCommand.UsageExitCode, exitCode);
        Assert.Contains(reason, errors.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task UnreachableDatabase_DatabaseExitCodeAndOneLine()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await LedgerExportCommand.RunAsync(["clearing", "--month", "2025-06",
            "--ConnectionStrings:Engine=Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2"], output, errors);

        Assert.Equal(LedgerExportCommand.DatabaseExitCode, exitCode);
        Assert.StartsWith("export: cannot read the ledger from PostgreSQL", errors.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A test database whose ledger holds the rows of the expected CSVs above.</summary>
    private async Task<string> LedgerAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var store = new PostgresLedgerStore(dataSource);
        await store.AppendAsync(
        [
            Row("P1-S0#s", "H1", new(2025, 5, 31, 10, 0, 0), "360100", "360102", 1234, 1000, 900, 100, 5),
            Row("P1-S1#s", "H1", new(2025, 6, 1, 9, 0, 0), "360100", "360102", 40245, 22610, 20000, 2610, 5000),
            Row("P2-S1#s", "H1", new(2025, 6, 1, 10, 0, 0), "360200", "360102", 10001, 1, 1, 0, 0),
            Row("P1-S1#c1", "H1", new(2025, 6, 1, 15, 0, 0), "360100", "360102", -40245, -22610, -20000, -2610, -5000),
            Row("P3-S1#s", "H1", new(2025, 6, 1, 11, 0, 0), "360100", "360102", 99999, 99999, 99999, 0, 0),
            Row("P1-S2#s", "H1", new(2025, 6, 2, 9, 0, 0), "360100", "360102", 500, 300, 300, 0, 0),
            Row("P1-S0#c1", "H1", new(2025, 6, 2, 10, 0, 0), "360100", "360102", -1234, -1000, -900, -100, -5),
            Row("P4-S1#s", "H2", new(2025, 6, 1, 9, 30, 0), "360100", "360102", 20000, 12000, 11000, 1000, 3000),
            Row("P6-S1#s", Odd, new(2025, 6, 1, 8, 0, 0), "360100", "360103", 100, 50, 50, 0, 10),
            Row("P5-S1#s", "H1", new(2025, 7, 1, 9, 0, 0), "360100", "360102", 700, 700, 700, 0, 0),
        ]);
        // A 2601 undid P3-S1's settlement: its row is retracted and counts nowhere.
        await store.AppendAsync([Row("P3-S1#s", "H1", new(2025, 6, 1, 11, 0, 0), "360100", "360102", 0, 0, 0, 0, 0) with
        {
            Retracts = true,
        }]);
        return database;
    }

    private static LedgerEvent Row(string eventId, string institution, DateTime at, string insured, string treatment,
        long medfeeFen, long fundPayFen, long pooledFundFen, long civilServantFen, long accountFen) =>
        new(eventId, institution, at, insured, treatment, new SettlementFigures
        {
            MedfeeSumamt = Money.FromFen(medfeeFen),
            FundPaySumamt = Money.FromFen(fundPayFen),
            HifpPay = Money.FromFen(pooledFundFen),
            CvlservPay = Money.FromFen(civilServantFen),
            AcctPay = Money.FromFen(accountFen),
        }, Retracts: false);

    private static async Task<string> ExportAsync(string connectionString, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await LedgerExportCommand.RunAsync([.. args, $"--ConnectionStrings:Engine={connectionString}"],
            output, errors);
        Assert.True(exitCode == 0, errors.ToString());
        return output.ToString();
    }
}
