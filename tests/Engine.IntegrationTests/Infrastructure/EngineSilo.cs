using System.Globalization;
using System.Net;
using Engine.Grains;
using Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>
/// A real silo host exactly as <c>Engine.Silo serve</c> builds it (Orleans, grains, in-memory storage and the terminal
/// gateway on a free loopback port), started in this process for protocol tests.
/// </summary>
public sealed class EngineSilo : IAsyncDisposable
{
    /// <summary>The admin secret of test silos; institution secrets derive from it.</summary>
    public const string AdminSecret = "test-admin-secret";

    private EngineSilo(WebApplication app, IPEndPoint endpoint)
    {
        App = app;
        Endpoint = endpoint;
    }

    /// <summary>The host.</summary>
    public WebApplication App { get; }

    /// <summary>The terminal gateway's endpoint.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The grain API of the silo (for setting up data without the wire).</summary>
    public GrainSettlementApi Api => App.Services.GetRequiredService<GrainSettlementApi>();

    /// <summary>Starts a silo; <paramref name="settings"/> override configuration (e.g. time-outs).</summary>
    public static async Task<EngineSilo> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Engine:Storage"] = "memory",
            ["Engine:ServiceId"] = "silo-test-" + Guid.NewGuid().ToString("N")[..8],
            ["Engine:Port"] = "0",
            ["Engine:AdminSecret"] = AdminSecret,
            ["Engine:SiloPort"] = EngineHost.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
            ["Engine:OrleansGatewayPort"] = EngineHost.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }
        var app = EngineHost.CreateBuilder([], overrides, quiet: true).Build();
        await app.StartAsync();
        return new EngineSilo(app, EngineHost.GatewayEndpoint(app));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
