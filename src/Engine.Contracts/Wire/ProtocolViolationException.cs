namespace Engine.Contracts.Wire;

/// <summary>
/// The peer broke the protocol. The gateway answers with one Error frame carrying <see cref="Reason"/>'s code and
/// closes the connection; the client closes its side. Thrown by
/// <see cref="ProtocolViolation.Throw(ProtocolViolationReason)"/>.
/// </summary>
public sealed class ProtocolViolationException : Exception
{
    /// <summary>A violation with <see cref="ProtocolViolationReason.MalformedBody"/> and a default message.</summary>
    public ProtocolViolationException()
        : this(ProtocolViolationReason.MalformedBody, null, null)
    {
    }

    /// <summary>A <see cref="ProtocolViolationReason.MalformedBody"/> violation with
    /// <paramref name="message"/>.</summary>
    public ProtocolViolationException(string message)
        : this(ProtocolViolationReason.MalformedBody, message, null)
    {
    }

    /// <summary>A <see cref="ProtocolViolationReason.MalformedBody"/> violation caused by
    /// <paramref name="innerException"/>.</summary>
    public ProtocolViolationException(string message, Exception? innerException)
        : this(ProtocolViolationReason.MalformedBody, message, innerException)
    {
    }

    /// <summary>A violation for <paramref name="reason"/> with an optional detail and cause.</summary>
    public ProtocolViolationException(ProtocolViolationReason reason, string? detail, Exception? innerException)
        : base(ProtocolViolation.Describe(reason, detail), innerException)
    {
        Reason = reason;
    }

    /// <summary>What was violated; its number is the Error frame's code.</summary>
    public ProtocolViolationReason Reason { get; }

    /// <summary>The Error frame code of <see cref="Reason"/>.</summary>
    public ushort ErrorCode => ProtocolViolation.ToCode(Reason);
}
