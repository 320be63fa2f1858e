using System.Net;
using Engine.Contracts.Wire;

namespace Engine.Protocol;

/// <summary>
/// The terminal gateway's settings (section <c>Engine</c>: <c>Engine:Port</c>, <c>Engine:BindAddress</c>,
/// <c>Engine:AdminSecret</c>, <c>Engine:TerminalMasterKey</c>, …). Validated at start-up.
/// </summary>
public sealed class TerminalGatewayOptions
{
    /// <summary>The TCP port terminals connect to; 0 picks a free port (printed at start-up).</summary>
    public int Port { get; set; } = 7400;

    /// <summary>The address to bind; loopback unless the operator says otherwise.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The admin sign-in secret; admin messages are refused while it is empty.</summary>
    public string? AdminSecret { get; set; }

    /// <summary>
    /// The master key institution secrets are derived from (<c>InstitutionSecrets</c>); the admin secret when empty,
    /// which is convenient for a test cluster and wrong for production.
    /// </summary>
    public string? TerminalMasterKey { get; set; }

    /// <summary>How long a grain call may take before the reply says OUTCOME_UNKNOWN.</summary>
    public int RequestTimeoutMs { get; set; } = 10_000;

    /// <summary>Open terminal connections per silo.</summary>
    public int ConnectionsMax { get; set; } = 10_000;

    /// <summary>Requests in flight per connection; reading pauses at this number (back-pressure).</summary>
    public int InFlightPerConnectionMax { get; set; } = ProtocolLimits.InFlightPerConnectionMax;

    /// <summary>Time to complete the sign-in.</summary>
    public int HandshakeTimeoutMs { get; set; } = ProtocolLimits.HandshakeTimeoutMs;

    /// <summary>A connection that completes no frame for this long is closed.</summary>
    public int IdleTimeoutMs { get; set; } = ProtocolLimits.IdleTimeoutMs;

    /// <summary>The key secrets are derived from, or null when neither key is set.</summary>
    public string? EffectiveMasterKey => string.IsNullOrEmpty(TerminalMasterKey) ? AdminSecret : TerminalMasterKey;

    /// <summary>Throws on a value that cannot work.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65_535) throw new InvalidOperationException($"Engine:{nameof(Port)} must be 0 to 65535.");
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            throw new InvalidOperationException(
                $"Engine:{nameof(BindAddress)} '{BindAddress}' is not an IP address (e.g. 127.0.0.1, 10.0.0.11, 0.0.0.0).");
        }
        if (RequestTimeoutMs < 1) throw new InvalidOperationException($"Engine:{nameof(RequestTimeoutMs)} must be > 0.");
        if (InFlightPerConnectionMax is < 1 or > ProtocolLimits.InFlightPerConnectionMax)
        {
            throw new InvalidOperationException(
                $"Engine:{nameof(InFlightPerConnectionMax)} must be 1 to {ProtocolLimits.InFlightPerConnectionMax}.");
        }
        if (HandshakeTimeoutMs < 1 || IdleTimeoutMs < 1 || ConnectionsMax < 1)
        {
            throw new InvalidOperationException("Engine gateway time-outs and connection limits must be > 0.");
        }
    }
}
