using Engine.Accounting;
using Engine.Contracts;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Accounting;

/// <summary>
/// The in-memory ledger spreads its rows over several books: 3201 and clearing over them give what one book holding
/// every row gives, whatever the order, redeliveries and retractions, and concurrent batches lose nothing.
/// </summary>
public sealed class InMemoryLedgerStoreTests
{
    private static readonly string[] Institutions = [LocalHospital, CityHospital, QingpuHospital];
    private static readonly string[] Regions = [Nanchang, Donghu, Qingpu, Wujiang];

    [Fact]
    public async Task AppendAsync_RowsRetractionsAndRedeliveries_ReconcileAndClearLikeOneBook()
    {
        var random = new Random(7);
        var oneBook = new SettlementBook();
        var store = new InMemoryLedgerStore();
        var written = new List<LedgerEvent>();
        for (var i = 0; i < 2_000; i++)
        {
            // Batches of one to three events: new rows, retractions of earlier rows (or of rows never written), and
            // events delivered a second time.
            var batch = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(10) switch
            {
                0 when written.Count > 0 => written[random.Next(written.Count)] with { Retracts = true },
                1 when written.Count > 0 => written[random.Next(written.Count)],
                2 => RandomRow(random, $"never-{random.Next(50)}") with { Retracts = true },
                _ => RandomRow(random, $"S{i}-{random.Next(1_000_000)}"),
            }).ToList();
            written.AddRange(batch.Where(e => !e.Retracts));
            foreach (var ledgerEvent in batch) oneBook.Apply(ledgerEvent);
            await store.AppendAsync(batch);
        }

        foreach (var institution in Institutions)
        {
            foreach (var day in new[] { 10, 11, 12 })
            {
                var request = new ReconcileRequest(institution, new DateOnly(2025, 3, day), 0, Money.Zero, Money.Zero, Money.Zero);
                Assert.Equal(oneBook.Reconcile(request), await store.ReconcileAsync(request));
            }
        }
        var clearing = await store.ClearingAsync(2025, 3);
        Assert.Equal(oneBook.Clearing(2025, 3).ToArray(), clearing.ToArray());
        Assert.Equal(Regions.Length * Regions.Length, clearing.Length);
        Assert.Empty(await store.ClearingAsync(2025, 4));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentBatchesEachSentTwice_CountEveryRowOnce()
    {
        const int writers = 8, rowsEach = 1_000;
        var store = new InMemoryLedgerStore();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < rowsEach; i += 2)
            {
                LedgerEvent[] batch = [Row($"W{writer}-{i}", 1m), Row($"W{writer}-{i + 1}", 2m)];
                await store.AppendAsync(batch);
                await store.AppendAsync(batch);
            }
        })));

        var figures = await store.ReconcileAsync(new ReconcileRequest(
            LocalHospital, new DateOnly(2025, 3, 10), writers * rowsEach, Money.FromYuan(1.5m * writers * rowsEach),
            Money.FromYuan(0.75m * writers * rowsEach), Money.Zero));
        Assert.Equal(new ReconciliationFigures(true, writers * rowsEach, Money.FromYuan(1.5m * writers * rowsEach),
            Money.FromYuan(0.75m * writers * rowsEach), Money.Zero), figures);
    }

    private static LedgerEvent RandomRow(Random random, string eventId)
    {
        var medfee = random.Next(1, 100_000);
        return new LedgerEvent(eventId, Institutions[random.Next(Institutions.Length)],
            new DateTime(2025, 3, random.Next(10, 13), 9, 0, 0), Regions[random.Next(Regions.Length)],
            Regions[random.Next(Regions.Length)],
            new SettlementFigures
            {
                MedfeeSumamt = Money.FromFen(medfee), FundPaySumamt = Money.FromFen(medfee / 2),
                HifpPay = Money.FromFen(medfee / 3), CvlservPay = Money.FromFen(medfee / 7),
                AcctPay = Money.FromFen(medfee / 5),
            },
            Retracts: false);
    }

    private static LedgerEvent Row(string eventId, decimal medfee) =>
        new(eventId, LocalHospital, new DateTime(2025, 3, 10, 9, 0, 0), Nanchang, Donghu,
            new SettlementFigures { MedfeeSumamt = Money.FromYuan(medfee), FundPaySumamt = Money.FromYuan(medfee / 2) },
            Retracts: false);
}
