namespace Engine.Contracts.Wire;

/// <summary>0x0004 Error (server → client): why the server is closing the connection (docs/protocol.md §9).</summary>
/// <param name="Code">A <see cref="ProtocolViolationReason"/> number.</param>
/// <param name="Message">English detail for logs, at most 256 UTF-8 bytes (longer text is cut when written).</param>
public sealed record ErrorBody(ushort Code, string Message)
{
    /// <summary>The Error body for <paramref name="violation"/>.</summary>
    public static ErrorBody From(ProtocolViolationException violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return new ErrorBody(violation.ErrorCode, violation.Message);
    }

    /// <summary>The reason <see cref="Code"/> names (it may be a number this version does not know).</summary>
    public ProtocolViolationReason Reason => (ProtocolViolationReason)Code;
}
