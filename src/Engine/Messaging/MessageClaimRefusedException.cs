namespace Engine.Messaging;

/// <summary>
/// A state write that carried a msgId claim (<see cref="IHasMessageClaim"/>) wrote nothing, because the msgId is not
/// the person's to claim: another person or a 2601 holds it, or its holder committed while the write ran. Thrown by
/// the person grain inside its own transaction when the storage reports the refusal: the state in memory is ahead
/// of storage and must be reloaded; the transaction is then run again with the claim on its own, which says who
/// holds the msgId.
/// </summary>
public sealed class MessageClaimRefusedException : Exception
{
    /// <summary>A refusal of the claim of <paramref name="claim"/>.</summary>
    public MessageClaimRefusedException(PendingMessageClaim claim)
        : base($"The claim of msgId {claim.Key.MsgId} of institution {claim.Key.Institution} by person " +
            $"{claim.PsnNo} was refused: it is held by someone else; nothing was written.")
    {
        Claim = claim;
    }

    /// <summary>Needed by the analyzers' exception pattern; the engine always names the claim.</summary>
    public MessageClaimRefusedException() : base("A msgId claim was refused; nothing was written.")
    {
    }

    /// <summary>Needed by the analyzers' exception pattern.</summary>
    public MessageClaimRefusedException(string message) : base(message)
    {
    }

    /// <summary>Needed by the analyzers' exception pattern.</summary>
    public MessageClaimRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The refused claim (null only from the parameterless constructors).</summary>
    public PendingMessageClaim? Claim { get; }
}
