using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Settlement;

namespace Engine.Lifecycle;

/// <summary>Pre-settlement, settlement and cancellation: 2206, 2207, 2208.</summary>
public sealed partial class PersonLedger
{
    /// <summary>2206: computes against the current state and changes nothing (rules.md §4, §9).</summary>
    public TransactionReply PreSettle(PreSettleRequest request)
    {
        if (!TryFindVisit(request.VisitId, request.Institution, out var visit))
        {
            return TransactionReply.Rejected(SettlementStatus.UnknownVisit);
        }
        var rejection = CheckSettleable(visit, request.At);
        if (rejection is not null) return rejection;
        var figures = Calculate(visit, request.UseAccount, request.At);
        return TransactionReply.Ok with { Settlement = figures };
    }

    /// <summary>2207, step 1.</summary>
    public TransactionReply? Admit(SettleRequest request, out Admission admission) => AdmitOnVisit(
        request.VisitId, request.Institution, request.MsgId, Operation.Settle, RequestFingerprint.Of(request), out admission);

    /// <summary>
    /// 2207, step 2: recomputes (never reuses a 2206) and commits the deltas to the bucket of the settlement's
    /// own year, the account, the visit's lines, and the outbox row for reconciliation and clearing.
    /// </summary>
    public TransactionReply Execute(SettleRequest request, Admission admission, DateTime nowUtc)
    {
        var visit = state.Visits[request.VisitId];
        var rejection = CheckSettleable(visit, request.At);
        if (rejection is not null) return Log(admission, rejection, nowUtc);
        var figures = Calculate(visit, request.UseAccount, request.At);

        // After this point the settlement must succeed.
        var settlementId = NextId(EntityIds.Settlement);
        var batchNos = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < visit.Batches.Count; i++)
        {
            if (visit.Batches[i].SettledBy is not null) continue;
            batchNos.Add(visit.Batches[i].BatchNo);
            visit.Batches[i] = visit.Batches[i] with { SettledBy = settlementId };
        }
        var settlement = new SettlementRecord
        {
            SettlementId = settlementId,
            VisitId = visit.VisitId,
            Institution = visit.Institution,
            MsgId = request.MsgId,
            At = request.At,
            Figures = figures,
            Bucket = visit.Terms.Bucket,
            BatchNos = batchNos.ToImmutable(),
        };
        state.Settlements.Add(settlementId, settlement);
        ApplyDeltas(settlement, sign: +1);
        visit.Status = VisitStatus.Settled;
        visit.ActiveSettlementId = settlementId;
        visit.TouchedAtUtc = nowUtc;
        state.Outbox.Add(Row(settlement, settlementId + "#s", request.At, figures, visit));
        return Log(admission, TransactionReply.Ok with { SettlementId = settlementId, Settlement = figures },
            nowUtc, settlementId);
    }

    /// <summary>2208, step 1: the settlement must exist for this institution (UNKNOWN_SETTLEMENT is not stored).</summary>
    public TransactionReply? Admit(CancelSettlementRequest request, out Admission admission)
    {
        admission = default;
        return TryFindSettlement(request.SettlementId, request.Institution, out _)
            ? AdmitKey(request.Institution, request.MsgId, Operation.CancelSettlement, RequestFingerprint.Of(request),
                out admission)
            : TransactionReply.Rejected(SettlementStatus.UnknownSettlement); // Not stored: scenario-format.md §3.
    }

    /// <summary>
    /// 2208, step 2: subtracts exactly the deltas the original recorded, refunds the account, and returns the
    /// visit to REGISTERED with its lines unsettled. Later settlements are never recomputed.
    /// </summary>
    public TransactionReply Execute(CancelSettlementRequest request, Admission admission, DateTime nowUtc)
    {
        var settlement = state.Settlements[request.SettlementId];
        if (settlement.State != SettlementState.Active)
        {
            return Log(admission, TransactionReply.Rejected(SettlementStatus.AlreadyCancelled), nowUtc);
        }
        if (request.At == default) return Log(admission, Invalid("at is required."), nowUtc);

        // After this point the cancellation must succeed.
        var visit = state.Visits[settlement.VisitId];
        Undo(settlement, visit, SettlementState.Cancelled, nowUtc);
        settlement.Cancellations.Add(new CancellationRecord(request.MsgId, request.At, Reversed: false));
        var eventId = settlement.SettlementId + "#c" + settlement.Cancellations.Count.ToString(
            System.Globalization.CultureInfo.InvariantCulture);
        var negated = settlement.Figures.Negated(state.AccountBalance);
        state.Outbox.Add(Row(settlement, eventId, request.At, negated, visit));
        return Log(admission, TransactionReply.Ok with { SettlementId = settlement.SettlementId, Settlement = negated },
            nowUtc, settlement.SettlementId);
    }

    private static TransactionReply? CheckSettleable(VisitRecord visit, DateTime at)
    {
        if (visit.Status != VisitStatus.Registered) return TransactionReply.Rejected(SettlementStatus.VisitNotOpen);
        if (at == default) return Invalid("at is required.");
        if (!visit.Batches.Exists(b => b.SettledBy is null)) return TransactionReply.Rejected(SettlementStatus.NoFees);
        return null;
    }

    private SettlementFigures Calculate(VisitRecord visit, bool useAccount, DateTime at)
    {
        var lines = default(LineTotals);
        foreach (var batch in visit.Batches)
        {
            if (batch.SettledBy is null) lines += batch.Totals;
        }
        var year = at.Year;
        return SettlementCalculator.Calculate(visit.Terms, lines, state.AccumulatorsOf(year, visit.Terms.Bucket),
            state.AccountBalance, useAccount, year);
    }

    /// <summary>Undoes a settlement's deltas and unsettles its visit's lines (2208, and 2601 of a 2207).</summary>
    private void Undo(SettlementRecord settlement, VisitRecord visit, SettlementState newState, DateTime nowUtc)
    {
        ApplyDeltas(settlement, sign: -1);
        settlement.State = newState;
        visit.Status = VisitStatus.Registered;
        visit.ActiveSettlementId = null;
        visit.TouchedAtUtc = nowUtc;
        for (var i = 0; i < visit.Batches.Count; i++)
        {
            if (string.Equals(visit.Batches[i].SettledBy, settlement.SettlementId, StringComparison.Ordinal))
            {
                visit.Batches[i] = visit.Batches[i] with { SettledBy = null };
            }
        }
    }

    private void ApplyDeltas(SettlementRecord settlement, int sign)
    {
        var key = new YearBucket(settlement.Figures.Year, settlement.Bucket);
        var before = state.Accumulators.GetValueOrDefault(key);
        var after = sign > 0 ? before.Add(settlement.Figures) : before.Subtract(settlement.Figures);
        Invariant.Assert(after.DeductibleUsed >= Money.Zero && after.FundPaid >= Money.Zero);
        Invariant.Assert(after.CivilServantPaid >= Money.Zero);
        var balance = sign > 0 ? state.AccountBalance - settlement.Figures.AcctPay
            : state.AccountBalance + settlement.Figures.AcctPay;
        Invariant.Assert(balance >= Money.Zero);
        state.Accumulators[key] = after;
        state.AccountBalance = balance;
    }

    private LedgerEvent Row(SettlementRecord settlement, string eventId, DateTime at, SettlementFigures figures,
        VisitRecord visit) =>
        new(eventId, settlement.Institution, at, state.Profile?.InsuredRegion ?? "", visit.TreatmentRegion, figures,
            Retracts: false);
}
