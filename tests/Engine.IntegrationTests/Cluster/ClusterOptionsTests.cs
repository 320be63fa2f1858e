using Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Engine.IntegrationTests.Cluster;

/// <summary>Cluster settings are checked before the silo starts, and a bad one names the key to fix.</summary>
public sealed class ClusterOptionsTests
{
    private const string ConnectionString = "Host=127.0.0.1;Port=5432;Database=engine;Username=engine;Password=x";

    [Theory]
    [InlineData("Engine:SiloPort", "0", "Engine:SiloPort must be 1 to 65535")]
    [InlineData("Engine:OrleansGatewayPort", "70000", "Engine:OrleansGatewayPort must be 1 to 65535")]
    [InlineData("Engine:OrleansGatewayPort", "11111", "both 11111")]
    [InlineData("Engine:AdvertisedAddress", "silo-1.example", "Engine:AdvertisedAddress 'silo-1.example' is not an IP")]
    [InlineData("Engine:AdvertisedAddress", "0.0.0.0", "Engine:ListenOnAnyAddress=true")]
    [InlineData("Engine:ClusterId", " ", "Engine:ClusterId must be 1 to 150")]
    [InlineData("Engine:MembershipProbeTimeoutMs", "100", "Engine:MembershipProbeTimeoutMs must be 500 to 60000")]
    [InlineData("Engine:MembershipMissedProbesLimit", "1", "Engine:MembershipMissedProbesLimit must be 2 to 10")]
    [InlineData("Engine:BackgroundGcNice", "20", "Engine:BackgroundGcNice must be 0 (leave the threads alone) to 19")]
    [InlineData("Engine:BackgroundGcNice", "-5", "Engine:BackgroundGcNice must be 0 (leave the threads alone) to 19")]
    public void CreateBuilder_BadClusterSetting_FailsAtStartWithTheKey(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };

        var error = Assert.Throws<InvalidOperationException>(() => EngineHost.CreateBuilder([], settings, quiet: true));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgresClusteringWithoutConnectionString_NamesTheConnectionString()
    {
        var options = new EngineClusterOptions { Clustering = EngineClustering.Postgres };

        var error = Assert.Throws<InvalidOperationException>(
            () => options.Validate(new EngineOptions { Storage = EngineStorage.Postgres }, connectionString: null));

        Assert.Contains("ConnectionStrings:Engine is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgresClusteringWithInMemoryStorage_Refused()
    {
        var options = new EngineClusterOptions { Clustering = EngineClustering.Postgres };

        var error = Assert.Throws<InvalidOperationException>(
            () => options.Validate(new EngineOptions { Storage = EngineStorage.Memory }, ConnectionString));

        Assert.Contains("needs Engine:Storage=postgres", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EngineStorage.Memory, null, EngineClustering.Localhost)]
    [InlineData(EngineStorage.Postgres, null, EngineClustering.Postgres)]
    [InlineData(EngineStorage.Postgres, EngineClustering.Localhost, EngineClustering.Localhost)]
    public void EffectiveClustering_FollowsStorageUnlessSet(EngineStorage storage, EngineClustering? clustering,
        EngineClustering expected)
    {
        var options = new EngineClusterOptions { Clustering = clustering };

        Assert.Equal(expected, options.EffectiveClustering(new EngineOptions { Storage = storage }));
    }

    [Fact]
    public void CreateBuilder_MembershipProbeSettings_ReachOrleansMembershipOptions()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Engine:Storage"] = "postgres",
            ["ConnectionStrings:Engine"] = ConnectionString,
            ["Engine:MembershipProbeTimeoutMs"] = "2000",
            ["Engine:MembershipMissedProbesLimit"] = "2",
        };

        var app = EngineHost.CreateBuilder([], settings, quiet: true).Build();
        var membership = app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(2), membership.ProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
    }

    [Fact]
    public void MembershipConnectionString_EngineConnectionString_OwnSmallNamedPool()
    {
        var membership = new NpgsqlConnectionStringBuilder(
            EngineClusteringExtensions.MembershipConnectionString(ConnectionString + ";Maximum Pool Size=90"));

        Assert.Equal(EngineClusteringExtensions.MembershipApplicationName, membership.ApplicationName);
        Assert.Equal(4, membership.MaxPoolSize);
        Assert.Equal("engine", membership.Database);
    }
}
