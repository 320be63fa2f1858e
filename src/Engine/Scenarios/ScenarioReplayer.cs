using System.Collections.Immutable;
using System.Diagnostics;
using Engine.Contracts;
using Engine.Contracts.Messages;

namespace Engine.Scenarios;

/// <summary>
/// Replays a scenario's steps, in order, against any <see cref="ISettlementApi"/> (the TCP client, the gateway or
/// the in-process engine) and builds the results document. It maps and sends, nothing more: labels become the ids
/// the engine returned, a label that names nothing becomes an id that matches nothing, and every business outcome
/// is the engine's. An exception from the API (the outcome is unknown) propagates, and the replay stops.
/// </summary>
public sealed class ScenarioReplayer(ISettlementApi api)
{
    /// <summary>The prefix of the id sent for a label that names nothing: <c>"?unknown:" + label</c>.</summary>
    public const string UnknownIdPrefix = "?unknown:";

    /// <summary>Sends every step, waiting for each reply before the next, and returns the results.</summary>
    public async Task<ResultsDocument> ReplayAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var labels = new ReplayLabels();
        var results = ImmutableArray.CreateBuilder<StepResult>(scenario.Steps.Length);
        foreach (var step in scenario.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await ReplayStepAsync(step, labels, cancellationToken));
        }
        return new ResultsDocument(scenario.Name, results.MoveToImmutable());
    }

    private Task<StepResult> ReplayStepAsync(ScenarioStep step, ReplayLabels labels, CancellationToken cancel) =>
        step switch
        {
            PersonInfoStep personInfo => PersonInfoAsync(personInfo, cancel),
            RegisterStep register => RegisterAsync(register, labels, cancel),
            CancelRegistrationStep cancelRegistration => CancelRegistrationAsync(cancelRegistration, labels, cancel),
            UploadFeesStep uploadFees => UploadFeesAsync(uploadFees, labels, cancel),
            CancelFeesStep cancelFees => CancelFeesAsync(cancelFees, labels, cancel),
            PreSettleStep preSettle => PreSettleAsync(preSettle, labels, cancel),
            SettleStep settle => SettleAsync(settle, labels, cancel),
            CancelSettlementStep cancelSettlement => CancelSettlementAsync(cancelSettlement, labels, cancel),
            ReverseStep reverse => ReverseAsync(reverse, cancel),
            ReconcileStep reconcile => ReconcileAsync(reconcile, cancel),
            _ => throw new UnreachableException($"Step type {step.GetType().Name} has no replay."),
        };

    private async Task<StepResult> PersonInfoAsync(PersonInfoStep step, CancellationToken cancel)
    {
        var reply = await api.PersonInfoAsync(new PersonInfoRequest(step.Institution, step.PsnNo, step.Year), cancel);
        return Result(step, reply) with { Person = reply.IsOk ? reply.Person : null };
    }

    private async Task<StepResult> RegisterAsync(RegisterStep step, ReplayLabels labels, CancellationToken cancel)
    {
        var request = new RegisterRequest(
            step.MsgId, step.Institution, step.PsnNo, step.MedType, step.Disease, step.Emergency, step.At);
        var reply = await api.RegisterAsync(request, cancel);
        var visitId = reply.IsOk ? reply.VisitId : null;
        labels.DefineVisit(step.Label, step.Institution, visitId);
        return Result(step, reply) with { VisitId = visitId };
    }

    private async Task<StepResult> CancelRegistrationAsync(
        CancelRegistrationStep step, ReplayLabels labels, CancellationToken cancel)
    {
        var visit = labels.ResolveVisit(step.Visit);
        var request = new CancelRegistrationRequest(step.MsgId, visit.Institution, visit.Id, step.At);
        return Result(step, await api.CancelRegistrationAsync(request, cancel));
    }

    private async Task<StepResult> UploadFeesAsync(UploadFeesStep step, ReplayLabels labels, CancellationToken cancel)
    {
        var visit = labels.ResolveVisit(step.Visit);
        var request = new UploadFeesRequest(step.MsgId, visit.Institution, visit.Id, step.Batch, step.At, step.Lines);
        var reply = await api.UploadFeesAsync(request, cancel);
        ImmutableArray<LineResult> lines = !reply.IsOk ? default : reply.Lines.IsDefault ? [] : reply.Lines;
        return Result(step, reply) with { Lines = lines };
    }

    private async Task<StepResult> CancelFeesAsync(CancelFeesStep step, ReplayLabels labels, CancellationToken cancel)
    {
        var visit = labels.ResolveVisit(step.Visit);
        var request = new CancelFeesRequest(step.MsgId, visit.Institution, visit.Id, step.Batch, step.At);
        return Result(step, await api.CancelFeesAsync(request, cancel));
    }

    private async Task<StepResult> PreSettleAsync(PreSettleStep step, ReplayLabels labels, CancellationToken cancel)
    {
        var visit = labels.ResolveVisit(step.Visit);
        var request = new PreSettleRequest(visit.Institution, visit.Id, step.UseAccount, step.At);
        var reply = await api.PreSettleAsync(request, cancel);
        return Result(step, reply) with { Settlement = reply.IsOk ? reply.Settlement : null };
    }

    private async Task<StepResult> SettleAsync(SettleStep step, ReplayLabels labels, CancellationToken cancel)
    {
        var visit = labels.ResolveVisit(step.Visit);
        var request = new SettleRequest(step.MsgId, visit.Institution, visit.Id, step.UseAccount, step.At);
        var reply = await api.SettleAsync(request, cancel);
        // A retransmission gets the stored reply with the same settlementId, so its label names that settlement too.
        var settlementId = reply.IsOk ? reply.SettlementId : null;
        labels.DefineSettlement(step.Label, visit.Institution, settlementId);
        return Result(step, reply) with
        {
            SettlementId = settlementId,
            Settlement = reply.IsOk ? reply.Settlement : null,
        };
    }

    private async Task<StepResult> CancelSettlementAsync(
        CancelSettlementStep step, ReplayLabels labels, CancellationToken cancel)
    {
        var settlement = labels.ResolveSettlement(step.Settlement);
        var request = new CancelSettlementRequest(step.MsgId, settlement.Institution, settlement.Id, step.At);
        var reply = await api.CancelSettlementAsync(request, cancel);
        return Result(step, reply) with { Settlement = reply.IsOk ? reply.Settlement : null };
    }

    private async Task<StepResult> ReverseAsync(ReverseStep step, CancellationToken cancel)
    {
        var request = new ReverseRequest(step.MsgId, step.Institution, step.OriginalMsgId, step.OriginalOp, step.At);
        return Result(step, await api.ReverseAsync(request, cancel));
    }

    private async Task<StepResult> ReconcileAsync(ReconcileStep step, CancellationToken cancel)
    {
        var request = new ReconcileRequest(
            step.Institution, step.Date, step.Count, step.MedfeeSum, step.FundPaySum, step.AcctPaySum);
        var reply = await api.ReconcileAsync(request, cancel);
        return Result(step, reply) with { Reconciliation = reply.IsOk ? reply.Reconciliation : null };
    }

    private static StepResult Result(ScenarioStep step, TransactionReply reply) =>
        new(step.Index, step.Op, reply.Status) { Message = reply.Message };
}
