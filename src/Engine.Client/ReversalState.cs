namespace Engine.Client;

/// <summary>What the client did about a settle or cancelSettlement whose outcome stayed unknown.</summary>
public enum ReversalState
{
    /// <summary>No 2601 was sent: the operation is not a settle or cancelSettlement.</summary>
    NotApplicable = 0,

    /// <summary>The 2601 was answered ok: the original has no effect now (undone, or recorded as never to be
    /// applied: a later retransmission of its msgId gets REVERSED_MSGID). After a settle no settlement stands; after
    /// a cancelSettlement the settlement stands.</summary>
    Reversed = 1,

    /// <summary>The 2601 was answered with a rejection (see <see cref="UnknownOutcome.ReversalReply"/>): the
    /// original's effect is still unknown.</summary>
    Rejected = 2,

    /// <summary>The 2601's own outcome stayed unknown after its retransmissions: the original's effect is unknown.
    /// Send the same 2601 again later (<see cref="UnknownOutcome.ReversalMsgId"/>) until it is answered
    /// (docs/protocol.md §14).</summary>
    Unknown = 3,
}
