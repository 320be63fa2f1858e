using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Grains;
using Engine.Reference;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Benchmarks.Throughput;

/// <summary>
/// Closed-loop throughput of complete visits (2201 register → 2204 upload → 2207 settle) against a silo in this
/// process, through grain calls: callers share the two cores with the silo (and with PostgreSQL). This measures
/// the grains and storage, not the wire; the load generator measures the system. Also prints the bytes allocated
/// and the bytes left alive (the heap after a full collection, before and after the measured phase) per visit.
/// Usage: throughput [--storage memory|postgres] [--seconds 20] [--warmup 5] [--persons 10000] [--callers 64]
/// (PostgreSQL: ConnectionStrings__Engine in the environment, schema applied).
/// </summary>
public static class InProcessThroughput
{
    internal const string Institution = "H36010200001";
    internal static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);

    /// <summary>Runs the measurement and prints one result line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var storage = Option(args, "--storage", "memory");
        var seconds = int.Parse(Option(args, "--seconds", "20"), CultureInfo.InvariantCulture);
        var warmupSeconds = int.Parse(Option(args, "--warmup", "5"), CultureInfo.InvariantCulture);
        var persons = int.Parse(Option(args, "--persons", "10000"), CultureInfo.InvariantCulture);
        var callers = int.Parse(Option(args, "--callers", "64"), CultureInfo.InvariantCulture);
        await using var app = await InProcessSilo.StartAsync(storage);
        var api = new GrainSettlementApi(app.Services.GetRequiredService<IGrainFactory>());
        var load = Stopwatch.StartNew();
        var runId = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)[^8..]; // Fresh msgIds per run.
        await api.LoadReferenceAsync(Reference(persons, runId));
        Console.Error.WriteLine($"loaded {persons} persons in {load.Elapsed.TotalSeconds:F1} s; warming up {warmupSeconds} s");

        await RunVisitsAsync(api, persons, callers, TimeSpan.FromSeconds(warmupSeconds), runId + "w");
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Engine");
        var countCommits = storage == "postgres" && !string.IsNullOrEmpty(connectionString);
        var commitsBefore = countCommits ? await PostgresCommitCounter.ReadAsync(connectionString!) : 0;
        // What each visit leaves alive: the heap after a full collection, before and after the measured phase.
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var measured = Stopwatch.StartNew();
        var visits = await RunVisitsAsync(api, persons, callers, TimeSpan.FromSeconds(seconds), runId + "m");
        var elapsed = measured.Elapsed.TotalSeconds;
        var commits = countCommits ? await PostgresCommitCounter.ReadAsync(connectionString!) - commitsBefore : 0;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / elapsed / Environment.ProcessorCount;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"storage={storage} callers={callers} persons={persons} seconds={elapsed:F1} visits={visits} " +
            $"settles/s={visits / elapsed:F0} transactions/s={3 * visits / elapsed:F0} process-cpu={cpu:P0} " +
            $"allocated/visit={allocated / visits} B retained/visit={retained / visits} B") +
            (countCommits ? string.Create(CultureInfo.InvariantCulture,
                $" pg-commits={commits} pg-commits/visit={(double)commits / visits:F2}") : ""));
        await app.StopAsync();
        return 0;
    }

    private static async Task<long> RunVisitsAsync(
        GrainSettlementApi api, int persons, int callers, TimeSpan duration, string runId)
    {
        long visits = 0;
        using var stop = new CancellationTokenSource(duration);
        // When the stop timer actually fired, against the wall clock: tells a late timer from a stalled call.
        var started = Stopwatch.StartNew();
        var firedAfter = TimeSpan.Zero;
        using var fired = stop.Token.Register(() => firedAfter = started.Elapsed);
        var workers = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var psnNo = PsnNo((caller + n * callers) % persons);
                var id = string.Create(CultureInfo.InvariantCulture, $"{runId}{caller:D3}{n:D8}");
                var registered = await api.RegisterAsync(
                    new RegisterRequest("R" + id, Institution, psnNo, MedType.General, null, false, Day));
                var uploaded = await api.UploadFeesAsync(
                    new UploadFeesRequest("U" + id, Institution, registered.VisitId!, "B1", Day, Lines));
                var settled = await api.SettleAsync(
                    new SettleRequest("S" + id, Institution, registered.VisitId!, UseAccount: true, Day));
                if (!registered.IsOk || !uploaded.IsOk || !settled.IsOk)
                {
                    throw new InvalidOperationException($"visit {id}: {registered.Status} {uploaded.Status} {settled.Status}");
                }
                Interlocked.Increment(ref visits);
                // Through the thread pool's global queue before the next visit. The in-memory storage completes its
                // writes synchronously, so a caller's whole loop would otherwise stay in the workers' local queues,
                // which they always serve first: with every core running such loops, the stop timer's callback (global
                // work) waited up to 38.8 s (docs/performance.md, "A late timer"). The silo's own requests end each
                // chain at the socket and start anew from it, so it needs no such step.
                await Task.Yield();
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phase of {duration.TotalSeconds:F0} s: stop timer fired after {firedAfter.TotalSeconds:F1} s, " +
            $"callers done after {started.Elapsed.TotalSeconds:F1} s"));
        return visits;
    }

    internal static string PsnNo(int index) => string.Create(CultureInfo.InvariantCulture, $"T{index:D9}");

    internal static readonly ImmutableArray<FeeLine> Lines =
    [
        new FeeLine(1, "A001", Quantity.FromDecimal(1m), Quantity.FromDecimal(120m), Money.FromYuan(120m)),
        new FeeLine(2, "B010", Quantity.FromDecimal(2m), Quantity.FromDecimal(63m), Money.FromYuan(126m)),
    ];

    internal static ReferenceData Reference(int persons, string runId) => new(
        [
            new Region("360000", "江西省", null, null),
            new Region("360100", "南昌市", "360000", null),
            new Region("360102", "东湖区", "360100", null),
        ],
        [],
        [
            new BenefitRule("360100", InsuranceType.Employee, MedType.General, null, PersonGroup.Any,
                new DateOnly(2024, 1, 1), null, Money.Zero, Ratio.FromDecimal(0.65m), Ratio.FromDecimal(0.60m),
                Ratio.FromDecimal(0.55m), AnnualCap: null),
        ],
        [
            new CatalogEntry("360000", "A001", "诊查费", CatalogGrade.A, Ratio.Zero, null),
            new CatalogEntry("360000", "B010", "乙类药品", CatalogGrade.B, Ratio.FromDecimal(0.10m), null),
        ],
        [new Institution(Institution, "东湖区三级医院", "360102", 3, true, true)],
        [.. Enumerable.Range(0, persons).Select(i => new PersonSeed(
            new PersonProfile(PsnNo(i), runId, "360100", InsuranceType.Employee, PersonGroup.Active, false,
                PersonStatus.Active, [], []),
            Money.FromYuan(1_000_000m), []))]);

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
