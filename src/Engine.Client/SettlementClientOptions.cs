namespace Engine.Client;

/// <summary>The settings of a <see cref="SettlementClient"/>: one institution's terminal.</summary>
public sealed class SettlementClientOptions
{
    /// <summary>The engine's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The engine's terminal port.</summary>
    public int Port { get; set; } = 7400;

    /// <summary>The institution this client signs in as; every request must name it.</summary>
    public string Institution { get; set; } = "";

    /// <summary>The terminal's id within the institution.</summary>
    public string TerminalId { get; set; } = "engine-client";

    /// <summary>The institution's secret (<c>InstitutionSecrets.Derive(masterKey, institution)</c>).</summary>
    public string Secret { get; set; } = "";

    /// <summary>How long one attempt waits for its reply; 10 s by default.</summary>
    public int RequestTimeoutMs { get; set; } = 10_000;

    /// <summary>How long connecting and signing in may take.</summary>
    public int ConnectTimeoutMs { get; set; } = Contracts.Wire.ProtocolLimits.HandshakeTimeoutMs;

    /// <summary>
    /// Retransmissions after the first attempt when the outcome is unknown (no reply in time, a lost connection,
    /// an OUTCOME_UNKNOWN reply); 2 by default, so at most 3 attempts. The same bound applies to the 2601 that
    /// follows an unknown settle or cancelSettlement. 0 to 10.
    /// </summary>
    public int RetransmissionsMax { get; set; } = 2;

    /// <summary>The pause before retransmission n is n times this (linear back-off); 100 ms by default.</summary>
    public int RetransmissionDelayMs { get; set; } = 100;

    /// <summary>Connections to open (lazily) and use round-robin; 1 by default, 1 to 64.</summary>
    public int ConnectionCount { get; set; } = 1;

    /// <summary>
    /// When true, an outcome still unknown after every retransmission (and the 2601, for settle and
    /// cancelSettlement) throws <see cref="UnknownOutcomeException"/> instead of returning an OUTCOME_UNKNOWN reply.
    /// </summary>
    public bool ThrowOnUnknownOutcome { get; set; }

    /// <summary>The most retransmissions allowed.</summary>
    public const int RetransmissionsMaxLimit = 10;

    /// <summary>The most connections allowed.</summary>
    public const int ConnectionCountMax = 64;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot work.</summary>
    public void Validate()
    {
        ToConnectionOptions().Validate();
        if (RetransmissionsMax is < 0 or > RetransmissionsMaxLimit)
        {
            throw new ArgumentException(
                $"{nameof(RetransmissionsMax)} must be 0 to {RetransmissionsMaxLimit}.", nameof(RetransmissionsMax));
        }
        if (RetransmissionDelayMs < 0)
        {
            throw new ArgumentException($"{nameof(RetransmissionDelayMs)} must be ≥ 0.", nameof(RetransmissionDelayMs));
        }
        if (ConnectionCount is < 1 or > ConnectionCountMax)
        {
            throw new ArgumentException($"{nameof(ConnectionCount)} must be 1 to {ConnectionCountMax}.",
                nameof(ConnectionCount));
        }
    }

    /// <summary>The options of each connection.</summary>
    internal EngineConnectionOptions ToConnectionOptions() => new()
    {
        Host = Host,
        Port = Port,
        Institution = Institution,
        TerminalId = TerminalId,
        Secret = Secret,
        RequestTimeoutMs = RequestTimeoutMs,
        ConnectTimeoutMs = ConnectTimeoutMs,
    };

    /// <summary>A copy, so that a client never sees a later change.</summary>
    internal SettlementClientOptions Clone() => (SettlementClientOptions)MemberwiseClone();
}
