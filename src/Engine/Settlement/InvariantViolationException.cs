namespace Engine.Settlement;

/// <summary>A broken invariant: a bug in the engine, never a business outcome.</summary>
public sealed class InvariantViolationException : Exception
{
    /// <summary>Creates the exception with the failed expression in the message.</summary>
    public InvariantViolationException(string message) : base(message)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public InvariantViolationException()
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public InvariantViolationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
