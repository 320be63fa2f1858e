using System.Net;
using System.Net.Sockets;
using Engine.Grains;
using Engine.Observability;
using Engine.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;

namespace Engine.Hosting;

/// <summary>
/// Builds the engine's host: an Orleans silo with the settlement grains and storage of
/// <see cref="EngineSiloBuilderExtensions"/>, clustered on localhost (embedded default) or through PostgreSQL
/// (<see cref="EngineClusteringExtensions"/>, <see cref="EngineClusterOptions"/>), and the terminal gateway.
/// Configuration comes from the usual .NET sources (appsettings, environment <c>Engine__*</c>, command line).
/// </summary>
public static class EngineHost
{
    // Configuration is read once, at start: restart a silo to change it. Watching appsettings*.json for changes puts a
    // recursive file-system watcher on the content root (the working directory) whose thread wakes on every file
    // written anywhere below it: under load, with the load generator's reports and the silo's own log written below
    // the working directory, that thread took 1.4 % of the silo's CPU (docs/performance.md), and every silo a test
    // process starts would hold one more inotify instance (128 per user by default).
    private const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>A builder for a silo host. <paramref name="quiet"/> sends all logs to standard error at Warning.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? overrides = null,
        bool quiet = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. args, NoConfigurationReload] });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        ConfigureLogging(builder, quiet);
        var options = builder.Configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        var cluster = EngineClusterOptions.From(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString(EngineOptions.ConnectionStringName);
        cluster.Validate(options, connectionString);
        BackgroundGcThreadPriority.Validate(options.BackgroundGcNice);
        builder.Services.AddSingleton(cluster);
        builder.UseOrleans(silo =>
        {
            silo.UseEngineClustering(options, cluster, connectionString);
            silo.AddSettlementEngine(builder.Configuration);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        AddGateway(builder);
        // After the gateway, so that the terminal listener stays the first bound address (GatewayEndpoint).
        builder.AddEngineObservability();
        return builder;
    }

    /// <summary>The terminal gateway's bound endpoint (after start), e.g. 127.0.0.1:7400.</summary>
    public static IPEndPoint GatewayEndpoint(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The terminal gateway is not listening.");
        var uri = new Uri(address);
        return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
    }

    private static void AddGateway(WebApplicationBuilder builder)
    {
        var gateway = builder.Configuration.GetSection(EngineOptions.Section).Get<TerminalGatewayOptions>() ?? new TerminalGatewayOptions();
        gateway.Validate();
        builder.Services.AddSingleton(gateway);
        builder.Services.AddSingleton(sp => new GrainSettlementApi(sp.GetRequiredService<IGrainFactory>()));
        builder.Services.AddSingleton<RequestDispatcher>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = gateway.ConnectionsMax;
            kestrel.Listen(IPAddress.Parse(gateway.BindAddress), gateway.Port,
                listen => listen.UseConnectionHandler<TerminalConnectionHandler>());
        });
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
            // Transaction lines carry institution, msgId and settlement id in a scope (TransactionLogScope).
            o.IncludeScopes = true;
        });
        // Standard output belongs to command results (the replay's results document); logs go to standard error.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Orleans", quiet ? LogLevel.Error : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
    }
}
