using System.Diagnostics;
using System.Globalization;
using Engine.Client;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.LoadTests.Population;
using Engine.LoadTests.Running;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// The chaos load's iteration: an outpatient visit (2201 register, 2204 upload, 2207 settle, and for
/// <see cref="ChaosOptions.CancelPercent"/> of them a 2208 cancel) through a <see cref="ChaosTerminal"/>. Every
/// final answer goes to the <see cref="ReplyLog"/>. An outcome the client library leaves unknown is pursued here the
/// way a HIS would: a register or upload is retransmitted with the same msgId on another silo; a settle or cancel
/// whose 2601 went unanswered gets the same 2601 again, on another silo.
/// </summary>
internal sealed class ChaosVisit(
    SyntheticPopulation population, IReadOnlyList<ChaosTerminal> terminals, ReplyLog log, Timeline timeline,
    int cancelPercent, string runTag, Stopwatch clock)
{
    /// <summary>How long one step may take (failovers, retransmissions; twice this with its 2601) before it is
    /// given up.</summary>
    private static readonly TimeSpan StepBudget = TimeSpan.FromSeconds(60);

    private long homeWalk;
    private long crossWalk;

    public long Completed;
    public long Abandoned;
    public long Rejected;

    /// <summary>Visits that ended with an exception the driver does not expect (a bug here or in the client);
    /// their effects, if any, show up in the verifier as rows no client saw.</summary>
    public long Faulted;

    public async Task RunAsync(long iteration, CancellationToken cancellationToken)
    {
        var terminal = terminals[(int)(iteration % terminals.Count)];
        var person = PersonFor(terminal);
        var at = Clock.BusinessNow();
        var code = terminal.Institution.Code;
        var register = await ChangeAsync(terminal, "2201", MsgId(iteration, 'R'), person.PsnNo, null, at,
            c => c.RegisterAsync(new RegisterRequest(MsgId(iteration, 'R'), code, person.PsnNo, MedType.General, null,
                false, at), cancellationToken), null, cancellationToken);
        if (register?.VisitId is not { } visitId) return;
        var lines = population.FeeLines(iteration, terminal.Institution.CrossProvince);
        var upload = await ChangeAsync(terminal, "2204", MsgId(iteration, 'U'), person.PsnNo, visitId, at,
            c => c.UploadFeesAsync(new UploadFeesRequest(MsgId(iteration, 'U'), code, visitId, "1", at, lines),
                cancellationToken), null, cancellationToken);
        if (upload is null) return;
        var settle = await ChangeAsync(terminal, "2207", MsgId(iteration, 'S'), person.PsnNo, visitId, at,
            c => c.SettleAsync(new SettleRequest(MsgId(iteration, 'S'), code, visitId, person.Employee, at),
                cancellationToken), "settle", cancellationToken);
        if (settle?.SettlementId is not { } settlementId) return;
        if (iteration % 100 < cancelPercent)
        {
            var cancel = await ChangeAsync(terminal, "2208", MsgId(iteration, 'C'), person.PsnNo, settlementId, at,
                c => c.CancelSettlementAsync(new CancelSettlementRequest(MsgId(iteration, 'C'), code, settlementId,
                    at), cancellationToken), "cancelSettlement", cancellationToken);
            if (cancel is null) return;
        }
        Interlocked.Increment(ref Completed);
    }

    /// <summary>
    /// One state-changing step to its final answer, logged. Returns the ok reply, or null when the step was
    /// rejected, reversed or given up (the visit ends there).
    /// </summary>
    private async Task<TransactionReply?> ChangeAsync(ChaosTerminal terminal, string op, string msgId, string psnNo,
        string? subject, DateTime at, Func<SettlementClient, Task<TransactionReply>> send, string? reversalOp,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        TransactionReply reply;
        int silo;
        try
        {
            (reply, silo) = await terminal.SendAsync(send, StepBudget, cancellationToken);
            // A register or upload whose outcome is unknown: the same msgId again (the client's failover may have
            // moved it to another silo meanwhile).
            while (reply.Status == SettlementStatus.OutcomeUnknown && reversalOp is null
                && Stopwatch.GetElapsedTime(started) < StepBudget)
            {
                await Task.Delay(500, cancellationToken);
                (reply, silo) = await terminal.SendAsync(send, StepBudget, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or TimeoutException
            or IOException or System.Security.Authentication.AuthenticationException)
        {
            // Nothing was ever sent: no effect, nothing to resolve.
            Record(terminal, -1, op, msgId, psnNo, subject, "UNREACHABLE", null, UnknownResolution.None, at, null);
            Interlocked.Increment(ref Abandoned);
            return null;
        }
        var resolution = UnknownResolution.None;
        if (reply.Status == SettlementStatus.OutcomeUnknown)
        {
            resolution = reversalOp is null
                ? UnknownResolution.Unresolved
                : await ResolveAsync(terminal, reply, msgId, psnNo, reversalOp, at, started, cancellationToken);
        }
        var status = reply.IsOk ? "OK" : reply.Status.ToCode();
        Record(terminal, silo, op, msgId, psnNo, subject, status, reply.IsOk ? reply.SettlementId : null, resolution,
            at, reply.IsOk ? FiguresFen.Of(reply.Settlement) : null);
        if (op == "2207" && reply.IsOk) timeline.Settled(clock.ElapsedMilliseconds);
        if (reply.IsOk) return reply;
        if (reply.Status == SettlementStatus.OutcomeUnknown)
        {
            timeline.Unknown(clock.ElapsedMilliseconds);
            Interlocked.Increment(ref Abandoned);
        }
        else
        {
            timeline.Failed(clock.ElapsedMilliseconds);
            Interlocked.Increment(ref Rejected);
        }
        return null;
    }

    /// <summary>A settle or cancel left unknown: what its automatic 2601 achieved, sending that 2601 again (same
    /// msgId) through other silos while it is unanswered.</summary>
    private async Task<UnknownResolution> ResolveAsync(ChaosTerminal terminal, TransactionReply reply, string msgId,
        string psnNo, string reversalOp, DateTime at, long started, CancellationToken cancellationToken)
    {
        var state = UnknownOutcome.TryGet(reply, out var outcome) ? outcome.Reversal : ReversalState.Unknown;
        var reverse = new ReverseRequest(ReversalMsgIds.Derive(msgId), terminal.Institution.Code, msgId, reversalOp,
            at);
        while (state == ReversalState.Unknown && Stopwatch.GetElapsedTime(started) < StepBudget * 2)
        {
            await Task.Delay(500, cancellationToken);
            try
            {
                var (answer, silo) = await terminal.SendAsync(c => c.ReverseAsync(reverse, cancellationToken),
                    StepBudget, cancellationToken);
                state = answer.Status == SettlementStatus.OutcomeUnknown ? ReversalState.Unknown
                    : answer.IsOk ? ReversalState.Reversed : ReversalState.Rejected;
                Record(terminal, silo, "2601", reverse.MsgId, psnNo, msgId,
                    answer.IsOk ? "OK" : answer.Status.ToCode(), null, UnknownResolution.None, at, null);
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or TimeoutException
                or IOException or System.Security.Authentication.AuthenticationException)
            {
                state = ReversalState.Unknown;
            }
        }
        return state switch
        {
            ReversalState.Reversed => UnknownResolution.Reversed,
            ReversalState.Rejected => UnknownResolution.ReversalRejected,
            _ => UnknownResolution.Unresolved,
        };
    }

    private void Record(ChaosTerminal terminal, int silo, string op, string msgId, string psnNo, string? subject,
        string status, string? settlementId, UnknownResolution unknown, DateTime at, FiguresFen? figures) =>
        log.Add(new ReplyRecord(clock.ElapsedMilliseconds, terminal.Index, silo + 1, op, msgId,
            terminal.Institution.Code, psnNo, subject, status, settlementId, unknown, at, figures));

    /// <summary>Persons walked with a stride: every person before any repeats (cross-province institutions take
    /// the filed persons).</summary>
    private PersonRef PersonFor(ChaosTerminal terminal)
    {
        var cross = terminal.Institution.CrossProvince && !population.CrossPool.IsEmpty;
        var pool = cross ? population.CrossPool : population.HomePool;
        var k = cross ? Interlocked.Increment(ref crossWalk) : Interlocked.Increment(ref homeWalk);
        return pool[(int)(k * 7_919 % pool.Length)];
    }

    private string MsgId(long iteration, char step) =>
        string.Create(CultureInfo.InvariantCulture, $"{runTag}{iteration:x}{step}");
}
