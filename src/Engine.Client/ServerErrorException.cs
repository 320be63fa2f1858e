using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>
/// The engine sent an Error frame (docs/protocol.md §9) and is closing the connection: this exception is the inner
/// exception of the <see cref="ConnectionLostException"/> every request in flight gets (or of the
/// <see cref="System.Security.Authentication.AuthenticationException"/> of a refused sign-in).
/// </summary>
public sealed class ServerErrorException : Exception
{
    /// <summary>An Error with code 0 and a default message.</summary>
    public ServerErrorException()
        : this("The engine reported an error.")
    {
    }

    /// <summary>An Error with code 0 described by <paramref name="message"/>.</summary>
    public ServerErrorException(string message)
        : base(message)
    {
    }

    /// <summary>An Error with code 0 described by <paramref name="message"/>.</summary>
    public ServerErrorException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exception for the Error frame <paramref name="error"/>.</summary>
    public ServerErrorException(ErrorBody error)
        : base(Describe(error))
    {
        ArgumentNullException.ThrowIfNull(error);
        Code = error.Code;
        Detail = error.Message;
    }

    /// <summary>The Error frame's code: a <see cref="ProtocolViolationReason"/> number (0 when not from a
    /// frame).</summary>
    public ushort Code { get; }

    /// <summary>The reason <see cref="Code"/> names; it may be a number this version does not know.</summary>
    public ProtocolViolationReason Reason => (ProtocolViolationReason)Code;

    /// <summary>The Error frame's message (English, for logs).</summary>
    public string Detail { get; } = "";

    private static string Describe(ErrorBody error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = error.Reason;
        var text = Enum.IsDefined(reason) ? ProtocolViolation.ToText(reason) : "CODE_" + error.Code;
        return $"The engine sent Error {text}: {error.Message}";
    }
}
