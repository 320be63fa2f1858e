using System.Diagnostics;
using System.Globalization;
using Engine.Accounting;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Messaging;

namespace Engine.Benchmarks.Throughput;

/// <summary>
/// The in-memory stores as a long run grows them: one msgId claim per request (<see cref="InMemoryMessageRegistry"/>)
/// and one ledger event per settlement (<see cref="InMemoryLedgerStore"/>), from two threads at once (the silo's two
/// cores). A table that grows by doubling copies all it holds at each step, and whatever calls it meanwhile waits:
/// this prints the slowest single call, the slowest that no garbage collection interrupted (the table's own stall),
/// how many took over 1 and 10 ms, and the collections during the growth (BenchmarkDotNet reports means, not these). Usage: growth [--claims 2000000] [--events 1000000]
/// </summary>
public static class StoreGrowth
{
    private const int Threads = 2;

    /// <summary>Runs both growths and prints one line each.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var claims = int.Parse(Option(args, "--claims", "2000000"), CultureInfo.InvariantCulture);
        var events = int.Parse(Option(args, "--events", "1000000"), CultureInfo.InvariantCulture);
        var now = new DateTime(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc);

        var registry = new InMemoryMessageRegistry();
        await GrowAsync("msgId registry, ClaimAsync", claims, i => registry.ClaimAsync(
            new MessageKey("H36010200001", "M" + i.ToString("D19", CultureInfo.InvariantCulture)), "P000001", now));

        var ledger = new InMemoryLedgerStore();
        var figures = new SettlementFigures { MedfeeSumamt = Money.FromFen(24_600) };
        await GrowAsync("ledger, AppendAsync of one event", events, i => ledger.AppendAsync([new LedgerEvent(
            "S" + i.ToString("D19", CultureInfo.InvariantCulture) + "#s", "H36010200001", now, "360100", "360100",
            figures, Retracts: false)]));
        return 0;
    }

    private static async Task GrowAsync<T>(string name, int count, Func<int, ValueTask<T>> call) =>
        await GrowAsync(name, count, async i => { await call(i); });

    private static async Task GrowAsync(string name, int count, Func<int, ValueTask> call)
    {
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        var elapsed = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(async () =>
        {
            double slowest = 0, slowestWithoutCollection = 0;
            int over1 = 0, over10 = 0;
            for (var i = thread; i < count; i += Threads)
            {
                var collections = GC.CollectionCount(0);
                var started = Stopwatch.GetTimestamp();
                await call(i);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                slowest = Math.Max(slowest, ms);
                // A call no collection interrupted waited for the table itself (or for the other thread).
                if (GC.CollectionCount(0) == collections) slowestWithoutCollection = Math.Max(slowestWithoutCollection, ms);
                if (ms > 1) over1++;
                if (ms > 10) over10++;
            }
            return (slowest, slowestWithoutCollection, over1, over10);
        })));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {count:N0} calls in {elapsed.Elapsed.TotalSeconds:F2} s; slowest {results.Max(r => r.slowest):F1} ms, " +
            $"slowest without a collection during it {results.Max(r => r.slowestWithoutCollection):F1} ms; " +
            $"over 1 ms {results.Sum(r => r.over1)}, over 10 ms {results.Sum(r => r.over10)}; " +
            $"collections gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}, " +
            $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms"));
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
