using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>
/// Why a <see cref="SettlementClient"/> request ended with status OUTCOME_UNKNOWN: which operation, how many
/// attempts, the last failure, and for settle and cancelSettlement what the automatic 2601 achieved. Attached to
/// the OUTCOME_UNKNOWN reply the client returns (<see cref="TryGet"/>) and carried by
/// <see cref="UnknownOutcomeException"/>.
/// </summary>
/// <param name="Operation">The request's message type.</param>
/// <param name="MsgId">The request's msgId, or null for a read.</param>
/// <param name="Attempts">Attempts made: the first transmission plus retransmissions.</param>
/// <param name="LastFailure">The last attempt's failure (time-out, lost connection, Error frame), or null when the
/// last attempt was answered OUTCOME_UNKNOWN.</param>
/// <param name="Reversal">What the 2601 achieved.</param>
/// <param name="ReversalMsgId">The 2601's msgId (<see cref="ReversalMsgIds.Derive"/>), or null.</param>
/// <param name="ReversalReply">The 2601's reply when it got one, or null.</param>
public sealed record UnknownOutcome(
    MessageType Operation, string? MsgId, int Attempts, Exception? LastFailure, ReversalState Reversal,
    string? ReversalMsgId, TransactionReply? ReversalReply)
{
    private static readonly ConditionalWeakTable<TransactionReply, UnknownOutcome> ByReply = [];

    /// <summary>
    /// Was the original reversed: it has no effect now, whatever happened to it — after a settle no settlement
    /// stands, after a cancelSettlement the settlement stands — and its msgId is dead (a new attempt needs a new one).
    /// </summary>
    public bool IsReversed => Reversal == ReversalState.Reversed;

    /// <summary>
    /// The outcome the client attached to <paramref name="reply"/>, an OUTCOME_UNKNOWN reply it returned. False for
    /// every other reply, including OUTCOME_UNKNOWN replies that came from the engine itself.
    /// </summary>
    public static bool TryGet(TransactionReply reply, [NotNullWhen(true)] out UnknownOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return ByReply.TryGetValue(reply, out outcome);
    }

    /// <summary>One line for a log or a results document.</summary>
    public string Describe()
    {
        var subject = MsgId is null ? Operation.ToHex() : $"{Operation.ToHex()} msgId {MsgId}";
        var last = LastFailure is null ? "OUTCOME_UNKNOWN replies" : LastFailure.GetType().Name;
        var text = $"OUTCOME_UNKNOWN: {subject} after {Attempts} attempt(s), last {last}";
        return Reversal switch
        {
            ReversalState.NotApplicable => text + ".",
            ReversalState.Reversed => text + $"; reversed by 2601 msgId {ReversalMsgId}.",
            ReversalState.Rejected => text + $"; 2601 msgId {ReversalMsgId} rejected with {ReversalReply?.Status}.",
            ReversalState.Unknown => text + $"; 2601 msgId {ReversalMsgId} unanswered too, send it again.",
        };
    }

    /// <summary>The OUTCOME_UNKNOWN reply that stands for this outcome.</summary>
    internal TransactionReply ToReply()
    {
        var reply = TransactionReply.Rejected(Contracts.Domain.SettlementStatus.OutcomeUnknown, Describe());
        ByReply.AddOrUpdate(reply, this);
        return reply;
    }
}
