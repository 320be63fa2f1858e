using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engine.Observability;

/// <summary>
/// Maps <c>/metrics</c>, <c>/health/live</c> and <c>/health/ready</c> on the host's HTTP pipeline. A startup filter,
/// because the host's callers (serve, replay, tests) build and run the application themselves. Only the metrics
/// listener speaks HTTP: the terminal port has its own connection handler and never reaches this pipeline.
/// </summary>
internal sealed partial class ObservabilityEndpoints(
    ObservabilityOptions options, IHostApplicationLifetime lifetime, ILogger<ObservabilityEndpoints> logger)
    : IStartupFilter
{
    /// <summary>The health-check tag of the checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseRouting();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics");
            // Live: the process answers HTTP. No checks run, so a slow database never gets a silo restarted.
            endpoints.MapHealthChecks("/health/live", new HealthCheckOptions
            {
                Predicate = _ => false,
                ResponseWriter = WriteAsync,
            });
            endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
            {
                Predicate = check => check.Tags.Contains(ReadyTag),
                ResponseWriter = WriteAsync,
            });
        });
        lifetime.ApplicationStarted.Register(() =>
            LogListening(logger, options.EffectiveBindAddress.ToString(), options.MetricsPort));
        next(app);
    };

    /// <summary>Plain text an operator can read with curl: the status, then one line per check.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status).Append(", ").Append(entry.Description).Append('\n');
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "Metrics and health listening on http://{Address}:{Port} (/metrics, /health/live, /health/ready).")]
    private static partial void LogListening(ILogger logger, string address, int port);
}
