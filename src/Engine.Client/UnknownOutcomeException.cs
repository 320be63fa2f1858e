using Engine.Contracts.Domain;
using Engine.Contracts.Messages;

namespace Engine.Client;

/// <summary>
/// Thrown instead of returning an OUTCOME_UNKNOWN reply when
/// <see cref="SettlementClientOptions.ThrowOnUnknownOutcome"/> is set: every retransmission left the outcome
/// unknown. <see cref="Outcome"/> says whether the 2601 that follows a settle or cancelSettlement reversed it.
/// </summary>
public sealed class UnknownOutcomeException : Exception
{
    /// <summary>An unknown outcome with a default message.</summary>
    public UnknownOutcomeException()
        : this("The outcome of the request is unknown.")
    {
    }

    /// <summary>An unknown outcome described by <paramref name="message"/>.</summary>
    public UnknownOutcomeException(string message)
        : base(message)
    {
    }

    /// <summary>An unknown outcome described by <paramref name="message"/>.</summary>
    public UnknownOutcomeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exception for <paramref name="outcome"/>.</summary>
    public UnknownOutcomeException(UnknownOutcome outcome)
        : base(outcome?.Describe(), outcome?.LastFailure)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Outcome = outcome;
        Reply = outcome.ToReply();
    }

    /// <summary>What happened; null only for the parameterless constructors.</summary>
    public UnknownOutcome? Outcome { get; }

    /// <summary>The OUTCOME_UNKNOWN reply the client would have returned.</summary>
    public TransactionReply Reply { get; } = TransactionReply.Rejected(SettlementStatus.OutcomeUnknown);
}
