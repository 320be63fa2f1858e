using System.Collections.Concurrent;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.LoadTests.Population;
using Engine.LoadTests.Running;

namespace Engine.LoadTests.Scenarios;

/// <summary>The HIS steps of an outpatient visit, each recorded under its transaction code.</summary>
internal abstract class VisitSteps(World world, LiveMetrics live) : ScenarioBase(live)
{
    public const string RegisterOp = "2201 register";
    public const string UploadOp = "2204 uploadFees";
    public const string PreSettleOp = "2206 preSettle";
    public const string SettleOp = "2207 settle";

    protected World World { get; } = world;

    /// <summary>2201 then 2204 (one batch): returns the visit id and when the upload's reply arrived.</summary>
    protected async Task<(string VisitId, long Ticks)> RegisterAndUploadAsync(PhaseStats phase, Terminal terminal,
        PersonRef person, long iteration, char tag, MedType medType, long dueTicks)
    {
        var at = Clock.BusinessNow();
        var register = Expect(await CallAsync(phase, terminal, MessageType.Register, RegisterOp,
            new RegisterRequest(World.MsgId(iteration, char.ToUpperInvariant(tag)), terminal.Code, person.PsnNo, medType,
                medType == MedType.Chronic ? person.Disease : null, false, at),
            MessageCodec.Write, dueTicks), RegisterOp, SettlementStatus.Ok);
        var visitId = register.VisitId ?? throw new IterationException(Outcome.Error, "2201: ok without a visit id");
        var lines = World.Population.FeeLines(iteration, terminal.Institution.CrossProvince);
        var uploadDue = Clock.Now;
        Expect(await CallAsync(phase, terminal, MessageType.UploadFees, UploadOp,
            new UploadFeesRequest(World.MsgId(iteration, 'U'), terminal.Code, visitId, "1", at, lines),
            MessageCodec.Write, uploadDue), UploadOp, SettlementStatus.Ok);
        return (visitId, Clock.Now);
    }

    protected async Task<long> PreSettleAsync(PhaseStats phase, Terminal terminal, string visitId, bool useAccount,
        long dueTicks)
    {
        Expect(await CallAsync(phase, terminal, MessageType.PreSettle, PreSettleOp,
            new PreSettleRequest(terminal.Code, visitId, useAccount, Clock.BusinessNow()), MessageCodec.Write, dueTicks),
            PreSettleOp, SettlementStatus.Ok);
        return Clock.Now;
    }

    /// <summary>2207; the request is returned too, so that a retransmission can send exactly the same one.</summary>
    protected async Task<(TransactionReply Reply, SettleRequest Request)> SettleAsync(PhaseStats phase,
        Terminal terminal, string visitId, bool useAccount, string msgId, long dueTicks)
    {
        var request = new SettleRequest(msgId, terminal.Code, visitId, useAccount, Clock.BusinessNow());
        var settle = Expect(await CallAsync(phase, terminal, MessageType.Settle, SettleOp, request, MessageCodec.Write,
            dueTicks), SettleOp, SettlementStatus.Ok);
        if (settle.Settlement is null || settle.SettlementId is null)
        {
            throw new IterationException(Outcome.Error, "2207: ok without figures or settlement id");
        }
        return (settle, request);
    }
}

/// <summary><c>visit</c>: register → upload fees → pre-settle → settle, the HIS flow of one outpatient visit.</summary>
internal sealed class VisitScenario(World world, LiveMetrics live) : VisitSteps(world, live)
{
    public override string IterationName => "visit";

    public override async Task<Outcome> RunAsync(PhaseStats phase, long iteration, long dueTicks)
    {
        var terminal = World.TerminalFor(iteration);
        var person = World.PersonFor(terminal);
        var (visitId, uploaded) = await RegisterAndUploadAsync(phase, terminal, person, iteration, 'r', MedType.General, dueTicks);
        var preSettled = await PreSettleAsync(phase, terminal, visitId, person.Employee, uploaded);
        var (settle, _) = await SettleAsync(phase, terminal, visitId, person.Employee, World.MsgId(iteration, 'S'), preSettled);
        RecordSettlement(phase, settle);
        return Outcome.Ok;
    }
}

/// <summary>
/// <c>settle-only</c>: visits registered and uploaded in a preparation phase (not measured), then only the 2207 of
/// each is measured. An iteration that finds no prepared visit left is counted as dropped ("exhausted").
/// </summary>
internal sealed class SettleOnlyScenario(World world, LiveMetrics live, int prepare, int prepareConcurrency)
    : VisitSteps(world, live)
{
    private readonly ConcurrentQueue<(Terminal Terminal, string VisitId, bool UseAccount, long Iteration)> prepared = new();
    private readonly PhaseStats preparation = new(new Cli.PhaseSpec("prepare", Cli.PhaseKind.Concurrency, 1, 1, false,
        TimeSpan.FromSeconds(1)), -1);

    public override string IterationName => "settle";

    public int Prepared => prepared.Count;

    public PhaseStats Preparation => preparation;

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var next = -1L;
        var failures = 0L;
        var started = Clock.Now;
        using var progress = new Timer(_ => Console.WriteLine(
            $"preparing: {prepared.Count:N0} of {prepare:N0} visits registered and uploaded " +
            $"({Clock.Seconds(Clock.Now - started):0}s, {Interlocked.Read(ref failures)} failed)"),
            null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        var workers = Enumerable.Range(0, prepareConcurrency).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var k = Interlocked.Increment(ref next);
                if (k >= prepare) return;
                // Iteration numbers of the preparation are negative-free and far from the measured ones.
                var iteration = (1L << 40) + k;
                var terminal = World.TerminalFor(k);
                var person = World.PersonFor(terminal);
                try
                {
                    var (visitId, _) = await RegisterAndUploadAsync(preparation, terminal, person, iteration, 'p',
                        MedType.General, Clock.Now);
                    prepared.Enqueue((terminal, visitId, person.Employee, iteration));
                }
                catch (IterationException exception)
                {
                    if (Interlocked.Increment(ref failures) <= 5) Console.Error.WriteLine($"preparation: {exception.Message}");
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        Console.WriteLine($"prepared {prepared.Count:N0} visits in {Clock.Seconds(Clock.Now - started):0.0}s " +
            $"({failures} failed)");
    }

    public override async Task<Outcome> RunAsync(PhaseStats phase, long iteration, long dueTicks)
    {
        if (!prepared.TryDequeue(out var visit)) return Outcome.Exhausted;
        var (settle, _) = await SettleAsync(phase, visit.Terminal, visit.VisitId, visit.UseAccount,
            World.MsgId(visit.Iteration, 'S'), dueTicks);
        RecordSettlement(phase, settle);
        return Outcome.Ok;
    }
}
