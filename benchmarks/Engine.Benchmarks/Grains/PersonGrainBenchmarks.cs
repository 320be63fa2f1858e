using System.Globalization;
using BenchmarkDotNet.Attributes;
using Engine.Benchmarks.Throughput;
using Engine.Contracts.Domain;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Benchmarks.Grains;

/// <summary>
/// One person-grain call at a time against an in-process silo with in-memory storage, through the co-hosted
/// client (the path the gateway takes, minus the wire): the latency of one call when nothing else runs, and what
/// the whole process allocates for it (silo side included: the memory diagnoser counts every thread).
/// <para>
/// A 2207 can settle a visit once, so <see cref="Settle"/> runs on visits an iteration setup registered and
/// uploaded; that needs a fixed invocation count (no pilot stage). The counts keep each person's history small:
/// every person settles at most a few visits in the whole run, as in a real day, so the state written per call
/// does not grow with the benchmark's length.
/// </para>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15, invocationCount: InvocationsPerIteration)]
public class PersonGrainBenchmarks
{
    private const int InvocationsPerIteration = 2_048;
    private const int Persons = 20_000;

    private WebApplication? silo;
    private GrainSettlementApi api = null!;
    private IGrainFactory grains = null!;
    private readonly Queue<string> preparedVisits = new();
    private readonly string runId = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)[^8..];
    private int nextPerson;
    private long nextMessage;
    private string preSettleVisit = "";

    /// <summary>Starts the silo, loads the persons and activates every one of them.</summary>
    [GlobalSetup]
    public async Task StartAsync()
    {
        silo = await InProcessSilo.StartAsync("memory");
        grains = silo.Services.GetRequiredService<IGrainFactory>();
        api = new GrainSettlementApi(grains);
        await api.LoadReferenceAsync(InProcessThroughput.Reference(Persons, runId));
        preSettleVisit = await PrepareVisitAsync();
    }

    /// <summary>Stops the silo.</summary>
    [GlobalCleanup]
    public async Task StopAsync()
    {
        if (silo is not null) await silo.DisposeAsync();
    }

    /// <summary>Registers and uploads the visits the next iteration of <see cref="Settle"/> settles.</summary>
    [IterationSetup(Target = nameof(Settle))]
    public void PrepareSettlements()
    {
        preparedVisits.Clear();
        var visits = Enumerable.Range(0, InvocationsPerIteration).Select(_ => PrepareVisitAsync()).ToArray();
        foreach (var visit in Task.WhenAll(visits).GetAwaiter().GetResult()) preparedVisits.Enqueue(visit);
    }

    /// <summary>The floor: one no-op call on a person grain (the load generator's `ping`).</summary>
    [Benchmark(Baseline = true)]
    public Task<int> Ping() => grains.GetGrain<IPersonGrain>(NextPerson()).PingAsync(1);

    /// <summary>2206 on an uploaded visit: decides, writes nothing.</summary>
    [Benchmark]
    public Task<TransactionReply> PreSettle() =>
        api.PreSettleAsync(new PreSettleRequest(InProcessThroughput.Institution, preSettleVisit, true,
            InProcessThroughput.Day));

    /// <summary>2207 on a registered and uploaded visit: claim, decide, state write, ledger append.</summary>
    [Benchmark]
    public async Task<TransactionReply> Settle()
    {
        var reply = await api.SettleAsync(new SettleRequest(NextMsgId("S"), InProcessThroughput.Institution,
            preparedVisits.Dequeue(), UseAccount: true, InProcessThroughput.Day));
        return reply.IsOk ? reply : throw new InvalidOperationException($"settle: {reply.Status} {reply.Message}");
    }

    /// <summary>The three state-changing calls of a visit: 2201 → 2204 → 2207.</summary>
    [Benchmark(OperationsPerInvoke = 3)]
    public async Task<TransactionReply> RegisterUploadSettle()
    {
        var visit = await PrepareVisitAsync();
        return await api.SettleAsync(new SettleRequest(NextMsgId("S"), InProcessThroughput.Institution, visit,
            UseAccount: true, InProcessThroughput.Day));
    }

    private async Task<string> PrepareVisitAsync()
    {
        var registered = await api.RegisterAsync(new RegisterRequest(NextMsgId("R"), InProcessThroughput.Institution,
            NextPerson(), MedType.General, null, false, InProcessThroughput.Day));
        var uploaded = await api.UploadFeesAsync(new UploadFeesRequest(NextMsgId("U"),
            InProcessThroughput.Institution, registered.VisitId!, "B1", InProcessThroughput.Day,
            InProcessThroughput.Lines));
        return registered.IsOk && uploaded.IsOk
            ? registered.VisitId!
            : throw new InvalidOperationException($"prepare: {registered.Status} {uploaded.Status}");
    }

    private string NextPerson() =>
        InProcessThroughput.PsnNo((int)((uint)Interlocked.Increment(ref nextPerson) % Persons));

    private string NextMsgId(string prefix) => string.Create(CultureInfo.InvariantCulture,
        $"{prefix}{runId}{Interlocked.Increment(ref nextMessage):D10}");
}
