using Engine.Hosting;
using Engine.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Engine.Observability;

/// <summary>
/// Adds the metrics pipeline (the <see cref="EngineMetrics"/> meter, Orleans' meter and the runtime's, exported for
/// Prometheus) and the health checks, served over HTTP on <c>Engine:MetricsPort</c>. With no port configured
/// nothing is added: the instruments then have no listener and cost next to nothing.
/// </summary>
public static class EngineObservabilityExtensions
{
    /// <summary>The meter Orleans records its own counters on.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>Adds metrics and health endpoints when <c>Engine:MetricsPort</c> is set.</summary>
    public static WebApplicationBuilder AddEngineObservability(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EngineOptions.Section);
        var options = section.Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        options.Validate(section.Get<TerminalGatewayOptions>()?.Port ?? new TerminalGatewayOptions().Port);
        builder.Services.AddSingleton(options);
        if (!options.IsEnabled) return builder;

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EngineMetrics.MeterName, OrleansMeterName)
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        builder.Services.AddHealthChecks()
            .AddCheck<SiloReadinessHealthCheck>("silo", tags: [ObservabilityEndpoints.ReadyTag]);
        builder.Services.AddSingleton<IStartupFilter, ObservabilityEndpoints>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.EffectiveBindAddress, options.MetricsPort,
            listen => listen.Protocols = HttpProtocols.Http1));
        return builder;
    }
}
