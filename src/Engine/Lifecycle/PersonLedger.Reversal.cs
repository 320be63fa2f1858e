using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;

namespace Engine.Lifecycle;

/// <summary>2601 reversal (冲正) of one of this person's messages, rules.md §7.</summary>
public sealed partial class PersonLedger
{
    /// <summary>
    /// Reverses the message <paramref name="original"/>: undoes an active 2207 like a 2208, re-applies a 2208
    /// whose visit has no active settlement, tombstones a rejected or unseen original, and leaves alone what can
    /// no longer be undone. The 2601's own msgId is logged by the caller (it is institution-wide).
    /// </summary>
    public ReversalOutcome Reverse(MessageKey original, DateTime at, DateTime nowUtc)
    {
        if (!state.Messages.TryGetValue(original, out var logged))
        {
            // Claimed for this person but never committed here (or expired): stand a tombstone in its place.
            state.Messages[original] = new MessageRecord(Operation.Reverse, UInt128.Zero,
                StoredReply.Of(TransactionReply.Rejected(SettlementStatus.ReversedMsgId)), nowUtc,
                MessageOutcome.Reversed, null);
            return ReversalOutcome.Tombstoned;
        }
        switch (logged.Outcome)
        {
            case MessageOutcome.Reversed:
                return ReversalOutcome.AlreadyReversed;
            case MessageOutcome.Rejected:
                state.Messages[original] = logged with { Outcome = MessageOutcome.Reversed, ReceivedAtUtc = nowUtc };
                return ReversalOutcome.Tombstoned;
            case MessageOutcome.Accepted:
                break;
        }
        var outcome = logged.Operation switch
        {
            Operation.Settle => ReverseSettle(logged, at, nowUtc),
            Operation.CancelSettlement => ReverseCancellation(logged, original.MsgId, at, nowUtc),
            _ => ReversalOutcome.NotReversible,
        };
        if (outcome == ReversalOutcome.Reversed)
        {
            // The mark is kept for the full retention from the reversal, not from the original's arrival: a late
            // retransmission of a reversed msgId must never execute again.
            state.Messages[original] = logged with { Outcome = MessageOutcome.Reversed, ReceivedAtUtc = nowUtc };
        }
        return outcome;
    }

    private ReversalOutcome ReverseSettle(MessageRecord logged, DateTime at, DateTime nowUtc)
    {
        if (!state.Settlements.TryGetValue(logged.SettlementId!, out var settlement)) return ReversalOutcome.NothingToUndo;
        if (settlement.State != SettlementState.Active) return ReversalOutcome.NothingToUndo;
        var visit = state.Visits[settlement.VisitId];
        Undo(settlement, visit, SettlementState.Reversed, nowUtc);
        state.Outbox.Add(Row(settlement, settlement.SettlementId + "#s", at, settlement.Figures, visit) with
        {
            Retracts = true,
        });
        return ReversalOutcome.Reversed;
    }

    /// <summary>
    /// Re-applies a cancelled settlement when its visit is still REGISTERED with no active settlement. Batches
    /// removed by 2205 meanwhile stay removed. A re-application that would break the account or the cap
    /// (spent or used up since) is something that can no longer be undone.
    /// </summary>
    private ReversalOutcome ReverseCancellation(MessageRecord logged, string msgId, DateTime at, DateTime nowUtc)
    {
        if (!state.Settlements.TryGetValue(logged.SettlementId!, out var settlement)) return ReversalOutcome.NothingToUndo;
        var index = settlement.Cancellations.FindLastIndex(c => string.Equals(c.MsgId, msgId, StringComparison.Ordinal));
        if (settlement.State != SettlementState.Cancelled || index != settlement.Cancellations.Count - 1)
        {
            return ReversalOutcome.NothingToUndo;
        }
        if (!state.Visits.TryGetValue(settlement.VisitId, out var visit) || visit.Status != VisitStatus.Registered)
        {
            return ReversalOutcome.NothingToUndo; // Cancelled by 2202, or settled again and still settled.
        }
        if (WasSettledAgain(settlement)) return ReversalOutcome.NothingToUndo; // Even if that one was cancelled too.
        if (!CanReapply(settlement, visit)) return ReversalOutcome.NothingToUndo;

        // After this point the re-application must succeed.
        ApplyDeltas(settlement, sign: +1);
        settlement.State = SettlementState.Active;
        settlement.Cancellations[index] = settlement.Cancellations[index] with { Reversed = true };
        visit.Status = VisitStatus.Settled;
        visit.ActiveSettlementId = settlement.SettlementId;
        visit.TouchedAtUtc = nowUtc;
        for (var i = 0; i < visit.Batches.Count; i++)
        {
            if (visit.Batches[i].SettledBy is null && settlement.BatchNos.Contains(visit.Batches[i].BatchNo))
            {
                visit.Batches[i] = visit.Batches[i] with { SettledBy = settlement.SettlementId };
            }
        }
        var eventId = settlement.SettlementId + "#c" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        state.Outbox.Add(Row(settlement, eventId, at, settlement.Figures, visit) with { Retracts = true });
        return ReversalOutcome.Reversed;
    }

    private bool WasSettledAgain(SettlementRecord settlement)
    {
        var sequence = EntityIds.SequenceOf(settlement.SettlementId);
        foreach (var other in state.Settlements.Values)
        {
            if (string.Equals(other.VisitId, settlement.VisitId, StringComparison.Ordinal) &&
                EntityIds.SequenceOf(other.SettlementId) > sequence)
            {
                return true;
            }
        }
        return false;
    }

    private bool CanReapply(SettlementRecord settlement, VisitRecord visit)
    {
        if (state.AccountBalance < settlement.Figures.AcctPay) return false;
        // A settlement that paid nothing from the pooled fund cannot push it over the cap, whatever the total is
        // (starting figures may already exceed it).
        if (settlement.Figures.HifpPay == Money.Zero) return true;
        var used = state.AccumulatorsOf(settlement.Figures.Year, settlement.Bucket);
        return visit.Terms.AnnualCap is not { } cap || used.FundPaid + settlement.Figures.HifpPay <= cap;
    }
}
