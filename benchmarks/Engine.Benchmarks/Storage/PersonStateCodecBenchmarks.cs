using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Engine.Benchmarks.Throughput;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.InProcess;
using Engine.Lifecycle;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Engine.Benchmarks.Storage;

/// <summary>
/// The person state's stored form, written on every state-changing request: Orleans' binary serializer, as the
/// storages used it (<c>Serializer.SerializeToArray</c> / <c>Deserialize</c>), against <see cref="PersonStateCodec"/>.
/// The state is one person's after a few days, built by the in-process engine: 4 visits of one 5-line batch each,
/// 2 settled (one of them since cancelled), 12 stored replies (one a rejection) and 1 undelivered outbox event.
/// Setup prints both encodings' sizes and checks that each decodes to what was encoded.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PersonStateCodecBenchmarks : IDisposable
{
    private const string Encode = "encode";
    private const string Decode = "decode";

    private static readonly ImmutableArray<FeeLine> FiveLines =
    [
        new(1, "A001", Quantity.FromDecimal(1m), Quantity.FromDecimal(120m), Money.FromYuan(120m)),
        new(2, "B010", Quantity.FromDecimal(2m), Quantity.FromDecimal(63m), Money.FromYuan(126m)),
        new(3, "A001", Quantity.FromDecimal(0.5m), Quantity.FromDecimal(35m), Money.FromYuan(17.5m)),
        new(4, "B010", Quantity.FromDecimal(3m), Quantity.FromDecimal(12.4m), Money.FromYuan(37.2m)),
        new(5, "X999", Quantity.FromDecimal(1m), Quantity.FromDecimal(8.8m), Money.FromYuan(8.8m)),
    ];

    private ServiceProvider? services;
    private Serializer serializer = null!;
    private PersonState state = null!;
    private byte[] orleansBytes = [];
    private byte[] codecBytes = [];

    /// <summary>Builds the state and both encodings of it.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        serializer = services.GetRequiredService<Serializer>();
        state = await BuildStateAsync();
        orleansBytes = serializer.SerializeToArray(state);
        codecBytes = PersonStateCodec.Encode(state);
        var fromCodec = PersonStateCodec.Decode(codecBytes);
        if (!PersonStateCodec.Encode(fromCodec).AsSpan().SequenceEqual(codecBytes) ||
            !serializer.SerializeToArray(serializer.Deserialize<PersonState>(orleansBytes)).AsSpan()
                .SequenceEqual(orleansBytes))
        {
            throw new InvalidOperationException("A decoded state does not encode to the same bytes.");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// Stored bytes: Orleans {orleansBytes.Length:N0}, PersonStateCodec {codecBytes.Length:N0} " +
            $"({state.Visits.Count} visits, {state.Settlements.Count} settlements, {state.Messages.Count} replies, " +
            $"{state.Outbox.Count} outbox event)"));
    }

    [Benchmark(Baseline = true, Description = "Orleans serializer")]
    [BenchmarkCategory(Encode)]
    public byte[] OrleansEncode() => serializer.SerializeToArray(state);

    [Benchmark(Description = "PersonStateCodec")]
    [BenchmarkCategory(Encode)]
    public byte[] CodecEncode() => PersonStateCodec.Encode(state);

    [Benchmark(Baseline = true, Description = "Orleans serializer")]
    [BenchmarkCategory(Decode)]
    public PersonState? OrleansDecode() => serializer.Deserialize<PersonState>(orleansBytes);

    [Benchmark(Description = "PersonStateCodec")]
    [BenchmarkCategory(Decode)]
    public PersonState CodecDecode() => PersonStateCodec.Decode(codecBytes);

    public void Dispose()
    {
        services?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task<PersonState> BuildStateAsync()
    {
        var psnNo = InProcessThroughput.PsnNo(0);
        var institution = InProcessThroughput.Institution;
        var day = InProcessThroughput.Day;
        using var engine = new InProcessSettlementApi();
        engine.LoadReference(InProcessThroughput.Reference(persons: 1, runId: "benchmark"));

        var visits = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            var at = day.AddDays(i - 4);
            var registered = Ok(await engine.RegisterAsync(
                new RegisterRequest($"R{i}", institution, psnNo, MedType.General, null, false, at)));
            Ok(await engine.UploadFeesAsync(
                new UploadFeesRequest($"U{i}", institution, registered.VisitId!, "B1", at, FiveLines)));
            visits.Add(registered.VisitId!);
        }
        var settled = Ok(await engine.SettleAsync(new SettleRequest("S1", institution, visits[0], true, day)));
        Ok(await engine.SettleAsync(new SettleRequest("S2", institution, visits[1], true, day)));
        Ok(await engine.CancelSettlementAsync(
            new CancelSettlementRequest("C1", institution, settled.SettlementId!, day)));
        var rejected = await engine.UploadFeesAsync(
            new UploadFeesRequest("U5", institution, visits[1], "B2", day, FiveLines));
        if (rejected.IsOk) throw new InvalidOperationException("An upload to a settled visit was accepted.");

        var state = engine.StateOf(psnNo)!;
        // The in-process engine delivers its outbox after every transaction; a person grain keeps an event until
        // the ledger has it. The event shares the settlement's figures, as the ledger's own events do.
        var settlement = state.Settlements[settled.SettlementId!];
        state.Outbox.Add(new LedgerEvent(settlement.SettlementId + "#s", institution, day, "360100", "360102",
            settlement.Figures, Retracts: false));
        return state;
    }

    private static TransactionReply Ok(TransactionReply reply) =>
        reply.IsOk ? reply : throw new InvalidOperationException($"{reply.Status} {reply.Message}");
}
