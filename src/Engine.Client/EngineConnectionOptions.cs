using System.Text;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>Where and as whom an <see cref="EngineConnection"/> signs in, and its time limits.</summary>
public sealed class EngineConnectionOptions
{
    /// <summary>The engine's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The engine's terminal port, 1 to 65535.</summary>
    public int Port { get; set; } = 7400;

    /// <summary>The institution code to sign in as, or <see cref="Handshake.AdminInstitution"/>; 1 to 256 UTF-8
    /// bytes, no U+0000.</summary>
    public string Institution { get; set; } = "";

    /// <summary>The terminal's own id within the institution; 1 to 256 UTF-8 bytes, no U+0000.</summary>
    public string TerminalId { get; set; } = "engine-client";

    /// <summary>The institution's sign-in secret (<c>InstitutionSecrets.Derive</c>) or the admin secret.</summary>
    public string Secret { get; set; } = "";

    /// <summary>How long a request may wait for its reply, the wait for an in-flight slot included, before it
    /// fails with a <see cref="TimeoutException"/>; 10 s by default.</summary>
    public int RequestTimeoutMs { get; set; } = 10_000;

    /// <summary>How long connecting and signing in may take; the server allows
    /// <see cref="ProtocolLimits.HandshakeTimeoutMs"/>.</summary>
    public int ConnectTimeoutMs { get; set; } = ProtocolLimits.HandshakeTimeoutMs;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("A host is required.", nameof(Host));
        if (Port is < 1 or > 65_535) throw new ArgumentException($"{nameof(Port)} must be 1 to 65535.", nameof(Port));
        CheckIdentity(Institution, nameof(Institution));
        CheckIdentity(TerminalId, nameof(TerminalId));
        if (string.IsNullOrEmpty(Secret)) throw new ArgumentException("A secret is required.", nameof(Secret));
        if (RequestTimeoutMs < 1)
        {
            throw new ArgumentException($"{nameof(RequestTimeoutMs)} must be > 0.", nameof(RequestTimeoutMs));
        }
        if (ConnectTimeoutMs < 1)
        {
            throw new ArgumentException($"{nameof(ConnectTimeoutMs)} must be > 0.", nameof(ConnectTimeoutMs));
        }
    }

    /// <summary>A copy, so that a connection never sees a later change.</summary>
    internal EngineConnectionOptions Clone() => (EngineConnectionOptions)MemberwiseClone();

    private static void CheckIdentity(string value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Contains('\0', StringComparison.Ordinal)
            || Encoding.UTF8.GetByteCount(value) > ProtocolLimits.StringBytesMax)
        {
            throw new ArgumentException(
                $"{name} must be 1 to {ProtocolLimits.StringBytesMax} UTF-8 bytes without U+0000.", name);
        }
    }
}
