namespace Engine.Client;

/// <summary>
/// No gateway of a <see cref="SettlementClient"/> could be connected to and signed in on, each tried once in
/// turn; <b>nothing was sent</b>. <see cref="Failures"/> holds each endpoint's failure (a
/// <see cref="System.Net.Sockets.SocketException"/>, a <see cref="TimeoutException"/>, a lost connection or a
/// refused sign-in), in the order tried.
/// </summary>
public sealed class EngineUnreachableException : IOException
{
    /// <summary>Unreachable, with a default message.</summary>
    public EngineUnreachableException()
        : this("No engine gateway could be reached.")
    {
    }

    /// <summary>Unreachable, described by <paramref name="message"/>.</summary>
    public EngineUnreachableException(string message)
        : base(message)
    {
    }

    /// <summary>Unreachable, described by <paramref name="message"/>, caused by
    /// <paramref name="innerException"/>.</summary>
    public EngineUnreachableException(string message, Exception? innerException)
        : base(message, innerException)
    {
        if (innerException is not null) Failures = [innerException];
    }

    /// <summary>Every endpoint of <paramref name="failures"/> failed; the last failure is the inner exception.</summary>
    public EngineUnreachableException(IReadOnlyList<(GatewayEndpoint Endpoint, Exception Failure)> failures)
        : base(Describe(failures), failures is { Count: > 0 } ? failures[^1].Failure : null)
    {
        Failures = [.. failures.Select(f => f.Failure)];
    }

    /// <summary>Each endpoint's failure, in the order tried.</summary>
    public IReadOnlyList<Exception> Failures { get; } = [];

    private static string Describe(IReadOnlyList<(GatewayEndpoint Endpoint, Exception Failure)> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return $"No engine gateway could be reached ({failures.Count} tried, nothing was sent): "
            + string.Join("; ", failures.Select(f => $"{f.Endpoint}: {f.Failure.GetType().Name}: {f.Failure.Message}"));
    }
}
