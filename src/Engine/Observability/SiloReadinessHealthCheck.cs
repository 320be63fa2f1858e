using Engine.Reference;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Engine.Observability;

/// <summary>
/// <c>/health/ready</c>: the silo can settle. It is not stopping, it is an active member of the cluster, and it
/// holds reference data (without institutions, rules and persons every transaction would be rejected). A silo
/// that holds none yet asks the reference grain once per probe, which also proves that grain calls work.
/// </summary>
internal sealed class SiloReadinessHealthCheck(
    ISiloStatusOracle silo, ReferenceCache references, IHostApplicationLifetime lifetime) : IHealthCheck
{
    private static readonly TimeSpan ReferenceTimeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the silo is stopping.");
        }
        var status = silo.CurrentStatus;
        if (status != SiloStatus.Active) return HealthCheckResult.Unhealthy($"silo status is {status}, not Active.");
        var version = references.Current.Version;
        if (version == 0)
        {
            try
            {
                version = (await references.RefreshAsync().WaitAsync(ReferenceTimeout, cancellationToken)).Version;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("the reference grain did not answer.", exception);
            }
        }
        return version > 0
            ? HealthCheckResult.Healthy($"silo active; reference version {version}.")
            : HealthCheckResult.Unhealthy("no reference data loaded (Engine.Silo load-reference).");
    }
}
