using Engine.Contracts.Wire;

namespace Engine.Protocol;

/// <summary>What a connection has established: nothing, a pending challenge, or a signed-in identity.</summary>
internal sealed class TerminalSession : IDisposable
{
    /// <summary>Hello received; the challenge is out.</summary>
    public bool IsChallenged { get; set; }

    /// <summary>Proof verified; the connection is bound to <see cref="Institution"/>.</summary>
    public bool IsSignedIn => Mac is not null;

    /// <summary>The institution the connection is bound to (or the admin pseudo-institution).</summary>
    public string Institution { get; set; } = "";

    /// <summary>The terminal id the HIS gave.</summary>
    public string TerminalId { get; set; } = "";

    /// <summary>An admin session may load reference data and read any institution's figures.</summary>
    public bool IsAdmin => string.Equals(Institution, Handshake.AdminInstitution, StringComparison.Ordinal);

    /// <summary>The secret this identity signs in with.</summary>
    public byte[] Secret { get; set; } = [];

    /// <summary>The client's nonce.</summary>
    public byte[] ClientNonce { get; } = new byte[Handshake.NonceBytes];

    /// <summary>The server's nonce.</summary>
    public byte[] ServerNonce { get; } = new byte[Handshake.NonceBytes];

    /// <summary>The session MAC after sign-in; null before.</summary>
    public FrameMac? Mac { get; set; }

    /// <summary>Cancelled to close the connection (after an Error frame, docs/protocol.md §9).</summary>
    public CancellationTokenSource Closing { get; } = new();

    /// <inheritdoc />
    public void Dispose()
    {
        Mac?.Dispose(); // Zeroes the session key.
        Closing.Dispose();
    }
}
