using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;

namespace Engine.Messaging;

/// <summary>
/// Runs a 2601 by (institution, originalMsgId) without knowing the person: the registry records the 2601's own
/// msgId, then either tombstones the original (never seen) or names the person who holds it, whose ledger
/// reverses it (rules.md §7). A reversal is idempotent, so a retransmitted 2601 simply runs again.
/// </summary>
public static class ReversalCoordinator
{
    /// <summary>Reverses; <paramref name="reverseAtPerson"/> calls the holder's ledger (a grain call, or in-process).</summary>
    public static async ValueTask<TransactionReply> ReverseAsync(
        ReverseRequest request,
        IMessageRegistry registry,
        Func<string, MessageKey, ValueTask<ReversalOutcome>> reverseAtPerson,
        DateTime nowUtc,
        int idLengthMax)
    {
        if (string.IsNullOrEmpty(request.MsgId) || request.MsgId.Length > idLengthMax ||
            string.IsNullOrEmpty(request.Institution))
        {
            return TransactionReply.Rejected(SettlementStatus.InvalidRequest, "msgId and institution are required.");
        }
        var key = new MessageKey(request.Institution, request.MsgId);
        var holder = await registry.RecordReversalAsync(key, RequestFingerprint.Of(request), nowUtc);
        if (holder is not null)
        {
            var reused = holder.Reversed ? SettlementStatus.ReversedMsgId : SettlementStatus.DuplicateMsgId;
            return TransactionReply.Rejected(reused);
        }
        if (string.IsNullOrEmpty(request.OriginalMsgId) || request.At == default)
        {
            return TransactionReply.Rejected(SettlementStatus.InvalidRequest, "originalMsgId and at are required.");
        }

        var original = new MessageKey(request.Institution, request.OriginalMsgId);
        var owner = await registry.TombstoneAsync(original, nowUtc);
        if (owner is null) return TransactionReply.Ok; // Never seen: tombstoned, or already.
        if (owner.Kind != RegistryEntryKind.Claimed)
        {
            // The original is itself a 2601: accepted, but neither a 2207 nor a 2208.
            return TransactionReply.Rejected(SettlementStatus.InvalidRequest, "the original is not a 2207 or 2208.");
        }
        var outcome = await reverseAtPerson(owner.PsnNo!, original);
        if (outcome is ReversalOutcome.Reversed or ReversalOutcome.Tombstoned)
        {
            await registry.MarkReversedAsync(original, nowUtc);
        }
        return outcome == ReversalOutcome.NotReversible
            ? TransactionReply.Rejected(SettlementStatus.InvalidRequest, "the original is not a 2207 or 2208.")
            : TransactionReply.Ok;
    }
}
