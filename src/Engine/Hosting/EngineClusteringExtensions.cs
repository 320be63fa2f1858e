using Engine.Persistence;
using Npgsql;
using Orleans.Configuration;

namespace Engine.Hosting;

/// <summary>
/// Adds the silo's clustering: localhost (embedded default), or membership in PostgreSQL through
/// Microsoft.Orleans.Clustering.AdoNet on the engine's own schema (Schema.sql, "Clustering" section).
/// </summary>
public static class EngineClusteringExtensions
{
    /// <summary>The Npgsql application name of membership connections (visible in <c>pg_stat_activity</c>).</summary>
    public const string MembershipApplicationName = "engine-membership";

    /// <summary>Membership connections per silo: a few statements every few seconds.</summary>
    private const int MembershipPoolSizeMax = 4;

    /// <summary>Configures clustering from validated <paramref name="cluster"/> options.</summary>
    public static ISiloBuilder UseEngineClustering(this ISiloBuilder silo, EngineOptions engine,
        EngineClusterOptions cluster, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.EffectiveClustering(engine) == EngineClustering.Localhost)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.OrleansGatewayPort,
                serviceId: engine.ServiceId, clusterId: engine.ClusterId);
        }
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = engine.ClusterId;
            o.ServiceId = engine.ServiceId;
        });
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = MembershipConnectionString(connectionString!);
        });
        silo.ConfigureEndpoints(cluster.AdvertisedIp, cluster.SiloPort, cluster.OrleansGatewayPort,
            listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Only what the operator set: Orleans' own defaults otherwise (docs/operations.md §4).
            if (cluster.MembershipProbeTimeoutMs is { } probeTimeoutMs)
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(probeTimeoutMs);
            }
            if (cluster.MembershipMissedProbesLimit is { } missedProbesLimit)
            {
                o.NumMissedProbesLimit = missedProbesLimit;
            }
        });
        return silo;
    }

    /// <summary>
    /// The engine's connection string with its own small pool for membership: heartbeats must not queue behind
    /// grain-state writes when the storage pool is saturated, or a busy silo would be voted dead.
    /// </summary>
    public static string MembershipConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnections.Tune(connectionString));
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName)
            ? MembershipApplicationName
            : builder.ApplicationName + "-membership";
        builder.MaxPoolSize = MembershipPoolSizeMax;
        builder.MinPoolSize = 0;
        return builder.ConnectionString;
    }
}
