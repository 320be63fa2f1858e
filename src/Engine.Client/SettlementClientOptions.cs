namespace Engine.Client;

/// <summary>The settings of a <see cref="SettlementClient"/>: one institution's terminal.</summary>
public sealed class SettlementClientOptions
{
    /// <summary>The engine's host name or address, when <see cref="Endpoints"/> is empty.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The engine's terminal port, when <see cref="Endpoints"/> is empty.</summary>
    public int Port { get; set; } = 7400;

    /// <summary>
    /// The gateways of the cluster's silos, any of which serves this institution; empty (the default) means the one
    /// gateway <see cref="Host"/>:<see cref="Port"/>. The client connects to the home endpoint
    /// (<see cref="HomeEndpointIndex"/>) and moves to the next one, round-robin, when a connection cannot be opened
    /// or is lost. At most <see cref="EndpointsMax"/>, no duplicates.
    /// </summary>
    public IList<GatewayEndpoint> Endpoints { get; set; } = [];

    /// <summary>The index in <see cref="Endpoints"/> of the preferred (home) gateway; 0 by default.</summary>
    public int HomeEndpointIndex { get; set; }

    /// <summary>
    /// How long after failing over away from the home gateway the client tries it again (a restarted silo is
    /// found this way, and the load spreads again); 10 s by default, 0 never, at most
    /// <see cref="HomeRetryMsMax"/>. Connections to the other gateway are then closed cleanly and replaced.
    /// </summary>
    public int HomeRetryMs { get; set; } = 10_000;

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

    /// <summary>The most gateway endpoints allowed.</summary>
    public const int EndpointsMax = 16;

    /// <summary>The longest home retry allowed: one hour.</summary>
    public const int HomeRetryMsMax = 3_600_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot work.</summary>
    public void Validate()
    {
        ValidateEndpoints();
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

    /// <summary>The gateways to use: <see cref="Endpoints"/>, or <see cref="Host"/>:<see cref="Port"/>.</summary>
    internal IReadOnlyList<GatewayEndpoint> EffectiveEndpoints() =>
        Endpoints is { Count: > 0 } ? [.. Endpoints] : [new GatewayEndpoint(Host, Port)];

    /// <summary>Where the client connects, and where it fails over to.</summary>
    internal EndpointSelector ToEndpointSelector() =>
        new(EffectiveEndpoints(), Endpoints is { Count: > 0 } ? HomeEndpointIndex : 0, HomeRetryMs);

    /// <summary>The options of each connection (Host and Port are the first endpoint's; the pool sets its own).</summary>
    internal EngineConnectionOptions ToConnectionOptions() => ToConnectionOptions(EffectiveEndpoints()[0]);

    private EngineConnectionOptions ToConnectionOptions(GatewayEndpoint endpoint) => new()
    {
        Host = endpoint.Host,
        Port = endpoint.Port,
        Institution = Institution,
        TerminalId = TerminalId,
        Secret = Secret,
        RequestTimeoutMs = RequestTimeoutMs,
        ConnectTimeoutMs = ConnectTimeoutMs,
    };

    /// <summary>A copy, so that a client never sees a later change (the endpoint list included).</summary>
    internal SettlementClientOptions Clone()
    {
        var copy = (SettlementClientOptions)MemberwiseClone();
        copy.Endpoints = Endpoints is null ? [] : [.. Endpoints];
        return copy;
    }

    private void ValidateEndpoints()
    {
        if (Endpoints is null) throw new ArgumentException($"{nameof(Endpoints)} must not be null.", nameof(Endpoints));
        if (Endpoints.Count > EndpointsMax)
        {
            throw new ArgumentException($"{nameof(Endpoints)} may hold at most {EndpointsMax}.", nameof(Endpoints));
        }
        if (Endpoints.Any(endpoint => endpoint is null))
        {
            throw new ArgumentException($"{nameof(Endpoints)} must not contain null.", nameof(Endpoints));
        }
        if (Endpoints.Distinct().Count() != Endpoints.Count)
        {
            throw new ArgumentException($"{nameof(Endpoints)} must not repeat an endpoint.", nameof(Endpoints));
        }
        foreach (var endpoint in EffectiveEndpoints()) ToConnectionOptions(endpoint).Validate();
        var homeIndexMax = Math.Max(1, Endpoints.Count) - 1;
        if (HomeEndpointIndex < 0 || HomeEndpointIndex > homeIndexMax)
        {
            throw new ArgumentException(
                $"{nameof(HomeEndpointIndex)} must be 0 to {homeIndexMax} (an index in {nameof(Endpoints)}).",
                nameof(HomeEndpointIndex));
        }
        if (HomeRetryMs is < 0 or > HomeRetryMsMax)
        {
            throw new ArgumentException($"{nameof(HomeRetryMs)} must be 0 to {HomeRetryMsMax}.", nameof(HomeRetryMs));
        }
    }
}
