using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Engine.Hosting;

/// <summary>How the silos of a deployment find each other (<c>Engine:Clustering</c>).</summary>
public enum EngineClustering
{
    /// <summary>Localhost clustering: one silo per cluster, or several silos of one process. The embedded default.</summary>
    Localhost = 0,

    /// <summary>Membership in PostgreSQL via Microsoft.Orleans.Clustering.AdoNet (the engine's own schema).</summary>
    Postgres = 1,
}

/// <summary>
/// The silo's cluster settings, bound from the <c>Engine</c> section: <c>Engine:Clustering</c> (default: postgres
/// when <c>Engine:Storage=postgres</c>, else localhost), <c>Engine:SiloPort</c>, <c>Engine:OrleansGatewayPort</c>,
/// <c>Engine:AdvertisedAddress</c>, <c>Engine:ListenOnAnyAddress</c>, plus <c>Engine:ClusterId</c> and
/// <c>Engine:ServiceId</c> of <see cref="EngineOptions"/>. <see cref="Validate"/> runs before the host is built.
/// </summary>
public sealed class EngineClusterOptions
{
    /// <summary>The longest cluster or service id the membership and storage tables hold.</summary>
    public const int IdLengthMax = 150;

    /// <summary>How silos find each other; null means "follow <see cref="EngineOptions.Storage"/>".</summary>
    public EngineClustering? Clustering { get; set; }

    /// <summary>The port silos talk to each other on (Orleans silo-to-silo traffic).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The Orleans client gateway port (Orleans clients; terminals use <c>Engine:Port</c>).</summary>
    public int OrleansGatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address other silos reach this one at; written to the membership table. Loopback by default, which
    /// only works while every silo runs on this machine.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Bind the silo and Orleans gateway ports on every interface instead of the advertised address only.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>The shortest membership probe time-out allowed.</summary>
    public const int MembershipProbeTimeoutMsMin = 500;

    /// <summary>The longest membership probe time-out allowed.</summary>
    public const int MembershipProbeTimeoutMsMax = 60_000;

    /// <summary>
    /// Orleans' initial liveness-probe time-out (<c>ClusterMembershipOptions.ProbeTimeout</c>, 5 s by default), in
    /// milliseconds, or null for Orleans' default. Orleans adapts it per monitored silo between half and four times
    /// this value. A killed silo is declared dead after about <see cref="MembershipMissedProbesLimit"/> probes, so
    /// this and that limit decide how long requests for persons that lived on it wait.
    /// </summary>
    public int? MembershipProbeTimeoutMs { get; set; }

    /// <summary>
    /// Missed probes before a silo is suspected and voted dead (<c>ClusterMembershipOptions.NumMissedProbesLimit</c>,
    /// 3 by default), or null for Orleans' default; 2 to 10 (a death needs 2 votes).
    /// </summary>
    public int? MembershipMissedProbesLimit { get; set; }

    /// <summary>The clustering in force for <paramref name="engine"/>'s storage.</summary>
    public EngineClustering EffectiveClustering(EngineOptions engine) =>
        Clustering ?? (engine.Storage == EngineStorage.Postgres ? EngineClustering.Postgres : EngineClustering.Localhost);

    /// <summary>The options of <paramref name="configuration"/>'s <c>Engine</c> section.</summary>
    public static EngineClusterOptions From(IConfiguration configuration) =>
        configuration.GetSection(EngineOptions.Section).Get<EngineClusterOptions>() ?? new EngineClusterOptions();

    /// <summary>The advertised address as an <see cref="IPAddress"/> (valid after <see cref="Validate"/>).</summary>
    public IPAddress AdvertisedIp => IPAddress.Parse(AdvertisedAddress);

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> with the key to fix when a setting cannot work:
    /// ports out of range or equal, an address that is not an IPv4/IPv6 literal, membership probe settings out of
    /// range, empty or over-long ids,
    /// PostgreSQL clustering without a connection string or with in-memory storage.
    /// </summary>
    public void Validate(EngineOptions engine, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ThrowIfPortInvalid(nameof(SiloPort), SiloPort);
        ThrowIfPortInvalid(nameof(OrleansGatewayPort), OrleansGatewayPort);
        if (SiloPort == OrleansGatewayPort)
        {
            throw Invalid($"Engine:{nameof(SiloPort)} and Engine:{nameof(OrleansGatewayPort)} are both {SiloPort}; " +
                "each silo needs two different ports.");
        }
        if (!IPAddress.TryParse(AdvertisedAddress, out var address) ||
            address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw Invalid($"Engine:{nameof(AdvertisedAddress)} '{AdvertisedAddress}' is not an IP address " +
                "(e.g. 10.0.0.5; other silos connect to it, so it must not be a host name or 0.0.0.0).");
        }
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw Invalid($"Engine:{nameof(AdvertisedAddress)} must be an address other silos can reach, not " +
                $"{AdvertisedAddress}; set Engine:{nameof(ListenOnAnyAddress)}=true to bind every interface.");
        }
        if (MembershipProbeTimeoutMs is < MembershipProbeTimeoutMsMin or > MembershipProbeTimeoutMsMax)
        {
            throw Invalid($"Engine:{nameof(MembershipProbeTimeoutMs)} must be {MembershipProbeTimeoutMsMin} to " +
                $"{MembershipProbeTimeoutMsMax} (is {MembershipProbeTimeoutMs}).");
        }
        if (MembershipMissedProbesLimit is < 2 or > 10)
        {
            throw Invalid($"Engine:{nameof(MembershipMissedProbesLimit)} must be 2 to 10 " +
                $"(is {MembershipMissedProbesLimit}).");
        }
        ThrowIfIdInvalid(nameof(EngineOptions.ClusterId), engine.ClusterId);
        ThrowIfIdInvalid(nameof(EngineOptions.ServiceId), engine.ServiceId);
        if (EffectiveClustering(engine) != EngineClustering.Postgres) return;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw Invalid("Engine:Clustering is postgres but ConnectionStrings:Engine is empty " +
                "(environment: ConnectionStrings__Engine).");
        }
        if (engine.Storage != EngineStorage.Postgres)
        {
            throw Invalid("Engine:Clustering=postgres needs Engine:Storage=postgres: with in-memory storage each " +
                "process keeps its own msgId registry and ledger, so silos in different processes would disagree.");
        }
    }

    private static void ThrowIfPortInvalid(string name, int port)
    {
        if (port is < 1 or > 65_535) throw Invalid($"Engine:{name} must be 1 to 65535 (is {port}).");
    }

    private static void ThrowIfIdInvalid(string name, string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > IdLengthMax)
        {
            throw Invalid($"Engine:{name} must be 1 to {IdLengthMax} characters (every silo of a deployment uses the same).");
        }
    }

    private static InvalidOperationException Invalid(string message) => new(message);
}
