namespace Engine.Client;

/// <summary>
/// The connection to the engine broke (the peer closed it, a socket error, a protocol violation, no heartbeat
/// reply) or was closed by its owner. Every request still waiting on it fails with this exception.
/// <see cref="RequestMayHaveBeenSent"/> says whether the request that failed could have reached the engine:
/// when it is false the request was never written and nothing happened; when it is true the outcome is unknown
/// and a state-changing request must be retransmitted with the same msgId (or reversed with 2601).
/// </summary>
public sealed class ConnectionLostException : IOException
{
    /// <summary>A connection loss with a default message.</summary>
    public ConnectionLostException()
        : this("The connection to the engine was lost.")
    {
    }

    /// <summary>A connection loss described by <paramref name="message"/>.</summary>
    public ConnectionLostException(string message)
        : base(message)
    {
    }

    /// <summary>A connection loss described by <paramref name="message"/>, caused by
    /// <paramref name="innerException"/>.</summary>
    public ConnectionLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True when the failed request was written to the connection before it broke (it may have been executed);
    /// false when it was never written. Conservative: a request written but not yet flushed counts as sent.
    /// </summary>
    public bool RequestMayHaveBeenSent { get; init; } = true;
}
