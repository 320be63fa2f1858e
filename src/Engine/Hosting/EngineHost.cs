using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;

namespace Engine.Hosting;

/// <summary>
/// Builds the engine's host: an Orleans silo with the settlement grains and storage of
/// <see cref="EngineSiloBuilderExtensions"/>, clustered on localhost (embedded default). Configuration comes from
/// the usual .NET sources (appsettings, environment <c>Engine__*</c>, command line).
/// </summary>
public static class EngineHost
{
    /// <summary>A builder for a silo host. <paramref name="quiet"/> sends all logs to standard error at Warning.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? overrides = null,
        bool quiet = false)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        ConfigureLogging(builder, quiet);
        var options = builder.Configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        var siloPort = builder.Configuration.GetValue("Engine:SiloPort", 11111);
        var orleansGatewayPort = builder.Configuration.GetValue("Engine:OrleansGatewayPort", 30000);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, orleansGatewayPort, serviceId: options.ServiceId,
                clusterId: options.ClusterId);
            silo.AddSettlementEngine(builder.Configuration);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        return builder;
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (for embedded runs).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, bool quiet)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // Standard output belongs to command results (the replay's results document); logs go to standard error.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Orleans", quiet ? LogLevel.Error : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
    }
}
