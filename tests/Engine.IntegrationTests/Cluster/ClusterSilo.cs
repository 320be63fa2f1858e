using System.Globalization;
using System.Net;
using Engine.Grains;
using Engine.Hosting;
using Engine.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.IntegrationTests.Cluster;

/// <summary>
/// A real silo host as <c>Engine.Silo serve</c> builds it, on PostgreSQL storage and PostgreSQL clustering, with its
/// own silo, Orleans gateway and terminal ports on loopback. Several of them with the same cluster and service id
/// in one process form one Orleans cluster through the membership table.
/// </summary>
public sealed class ClusterSilo : IAsyncDisposable
{
    private bool stopped;

    private ClusterSilo(WebApplication app, int siloPort)
    {
        App = app;
        SiloPort = siloPort;
        Terminal = EngineHost.GatewayEndpoint(app);
    }

    /// <summary>The host.</summary>
    public WebApplication App { get; }

    /// <summary>The Orleans silo-to-silo port (the membership table's <c>port</c>).</summary>
    public int SiloPort { get; }

    /// <summary>The terminal gateway's endpoint.</summary>
    public IPEndPoint Terminal { get; }

    /// <summary>The grain factory of this silo.</summary>
    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The grain API of this silo.</summary>
    public GrainSettlementApi Api => App.Services.GetRequiredService<GrainSettlementApi>();

    /// <summary>Starts a silo of cluster <paramref name="clusterId"/> on <paramref name="connectionString"/>.</summary>
    public static async Task<ClusterSilo> StartAsync(string connectionString, string clusterId, string serviceId)
    {
        var siloPort = EngineHost.FreeLoopbackPort();
        var orleansGatewayPort = EngineHost.FreeLoopbackPort();
        while (orleansGatewayPort == siloPort) orleansGatewayPort = EngineHost.FreeLoopbackPort();
        var settings = new Dictionary<string, string?>
        {
            ["Engine:Storage"] = "postgres",
            ["Engine:Clustering"] = "postgres",
            ["ConnectionStrings:Engine"] = connectionString,
            ["Engine:ClusterId"] = clusterId,
            ["Engine:ServiceId"] = serviceId,
            ["Engine:AdvertisedAddress"] = "127.0.0.1",
            ["Engine:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Engine:OrleansGatewayPort"] = orleansGatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Engine:Port"] = "0",
            ["Engine:AdminSecret"] = EngineSilo.AdminSecret,
        };
        var app = EngineHost.CreateBuilder([], settings, quiet: true).Build();
        await app.StartAsync();
        return new ClusterSilo(app, siloPort);
    }

    /// <summary>Stops the silo gracefully (it leaves the cluster: its membership row becomes Dead).</summary>
    public async Task StopAsync()
    {
        if (stopped) return;
        stopped = true;
        await App.StopAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
    }
}
