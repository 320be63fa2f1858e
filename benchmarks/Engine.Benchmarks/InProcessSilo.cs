using System.Globalization;
using Engine.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Engine.Benchmarks;

/// <summary>A silo in the benchmark's own process, on free loopback ports, logging only warnings.</summary>
public static class InProcessSilo
{
    /// <summary>
    /// Starts a silo with <paramref name="storage"/> (memory, or postgres with ConnectionStrings__Engine set and the
    /// schema applied). Its terminal gateway listens on a free port too, so it never collides with a running silo.
    /// </summary>
    public static async Task<WebApplication> StartAsync(string storage)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Engine:Storage"] = storage,
            ["Engine:Port"] = "0",
            ["Engine:SiloPort"] = EngineHost.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
            ["Engine:OrleansGatewayPort"] = EngineHost.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
        };
        var app = EngineHost.CreateBuilder([], overrides, quiet: true).Build();
        await app.StartAsync();
        return app;
    }
}
