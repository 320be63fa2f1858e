using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>The settings of an <see cref="AdminClient"/>: an operator session signed in as
/// <see cref="Handshake.AdminInstitution"/>.</summary>
public sealed class AdminClientOptions
{
    /// <summary>The engine's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The engine's terminal port.</summary>
    public int Port { get; set; } = 7400;

    /// <summary>The admin secret, used as is (not derived).</summary>
    public string Secret { get; set; } = "";

    /// <summary>The operator's terminal id.</summary>
    public string TerminalId { get; set; } = "admin";

    /// <summary>How long one admin request may take; 6 min by default (the gateway allows 5 for a reference
    /// chunk, whose persons it loads one grain at a time).</summary>
    public int RequestTimeoutMs { get; set; } = 360_000;

    /// <summary>How long connecting and signing in may take.</summary>
    public int ConnectTimeoutMs { get; set; } = ProtocolLimits.HandshakeTimeoutMs;

    /// <summary>Retransmissions of a request whose reply was lost (every admin request is an idempotent upsert or
    /// a read); 2 by default.</summary>
    public int RetransmissionsMax { get; set; } = 2;

    /// <summary>The pause before retransmission n is n times this.</summary>
    public int RetransmissionDelayMs { get; set; } = 100;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot work.</summary>
    public void Validate()
    {
        ToConnectionOptions().Validate();
        if (RetransmissionsMax is < 0 or > SettlementClientOptions.RetransmissionsMaxLimit)
        {
            throw new ArgumentException(
                $"{nameof(RetransmissionsMax)} must be 0 to {SettlementClientOptions.RetransmissionsMaxLimit}.",
                nameof(RetransmissionsMax));
        }
        if (RetransmissionDelayMs < 0)
        {
            throw new ArgumentException($"{nameof(RetransmissionDelayMs)} must be ≥ 0.", nameof(RetransmissionDelayMs));
        }
    }

    internal EngineConnectionOptions ToConnectionOptions() => new()
    {
        Host = Host,
        Port = Port,
        Institution = Handshake.AdminInstitution,
        TerminalId = TerminalId,
        Secret = Secret,
        RequestTimeoutMs = RequestTimeoutMs,
        ConnectTimeoutMs = ConnectTimeoutMs,
    };

    internal AdminClientOptions Clone() => (AdminClientOptions)MemberwiseClone();
}
