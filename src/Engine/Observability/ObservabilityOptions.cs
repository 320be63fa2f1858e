using System.Net;

namespace Engine.Observability;

/// <summary>
/// The HTTP listener for <c>/metrics</c> and <c>/health/*</c> (section <c>Engine</c>). Off unless
/// <see cref="MetricsPort"/> is set: embedded replays, tests and tools start no HTTP listener and no metrics
/// pipeline. Validated at start-up.
/// </summary>
public sealed class ObservabilityOptions
{
    /// <summary>The HTTP port of the metrics and health endpoints; absent or 0: no listener.</summary>
    public int MetricsPort { get; set; }

    /// <summary>The terminal gateway's address (<c>Engine:BindAddress</c>), which the listener shares by default.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// An address for the metrics listener alone (<c>Engine:MetricsBindAddress</c>), e.g. the management network
    /// when the gateway listens on the hospitals' one; <see cref="BindAddress"/> when empty.
    /// </summary>
    public string? MetricsBindAddress { get; set; }

    /// <summary>Is the listener on.</summary>
    public bool IsEnabled => MetricsPort != 0;

    /// <summary>The address the listener binds.</summary>
    public IPAddress EffectiveBindAddress =>
        IPAddress.Parse(string.IsNullOrWhiteSpace(MetricsBindAddress) ? BindAddress : MetricsBindAddress);

    /// <summary>Throws on a value that cannot work; <paramref name="gatewayPort"/> is <c>Engine:Port</c>.</summary>
    public void Validate(int gatewayPort)
    {
        if (MetricsPort is < 0 or > 65_535)
        {
            throw new InvalidOperationException($"Engine:{nameof(MetricsPort)} must be 0 (off) to 65535.");
        }
        if (!IsEnabled) return;
        if (MetricsPort == gatewayPort)
        {
            throw new InvalidOperationException(
                $"Engine:{nameof(MetricsPort)} must differ from Engine:Port ({gatewayPort}): terminals and HTTP cannot share a port.");
        }
        var address = string.IsNullOrWhiteSpace(MetricsBindAddress) ? BindAddress : MetricsBindAddress;
        if (!IPAddress.TryParse(address, out _))
        {
            throw new InvalidOperationException(
                $"Engine:{nameof(MetricsBindAddress)} (or Engine:BindAddress) must be an IP address, not '{address}'.");
        }
    }
}
