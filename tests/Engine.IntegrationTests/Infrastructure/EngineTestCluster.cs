using Engine.Grains;
using Engine.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>
/// An in-process Orleans cluster (TestingHost) running the engine exactly as the silo host configures it, with
/// in-memory storage or with PostgreSQL, and a <see cref="GrainSettlementApi"/> over its client.
/// </summary>
public sealed class EngineTestCluster : IAsyncDisposable
{
    private EngineTestCluster(InProcessTestCluster cluster)
    {
        Cluster = cluster;
        Api = new GrainSettlementApi(cluster.Client);
    }

    /// <summary>The TestingHost cluster.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The settlement API over the cluster client.</summary>
    public GrainSettlementApi Api { get; }

    /// <summary>
    /// Starts a cluster; <paramref name="postgresConnectionString"/> null means in-memory storage.
    /// <paramref name="configureSilo"/> adds to each silo's configuration after the engine's (a grain call filter).
    /// </summary>
    public static async Task<EngineTestCluster> StartAsync(
        string? postgresConnectionString = null, short silos = 1, string? serviceId = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Engine:Storage"] = postgresConnectionString is null ? "memory" : "postgres",
            ["ConnectionStrings:Engine"] = postgresConnectionString,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId ?? "engine-test-" + Guid.NewGuid().ToString("N")[..8];
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSettlementEngine(configuration);
            configureSilo?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new EngineTestCluster(cluster);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        // The AdoNet provider pools connections per connection string; close them with the cluster so that a long
        // test run does not exhaust the server's connection slots.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
