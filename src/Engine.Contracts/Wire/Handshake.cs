using System.Security.Cryptography;
using System.Text;

namespace Engine.Contracts.Wire;

/// <summary>
/// The sign-in computations of docs/protocol.md §6. The shared secret never travels: the client proves it knows
/// it with <see cref="ComputeProof"/>, the server proves it back with <see cref="ComputeServerProof"/>, and both
/// derive the session key that MACs every later frame. Comparisons are constant-time.
/// </summary>
public static class Handshake
{
    /// <summary>Bytes of a client or server nonce.</summary>
    public const int NonceBytes = 16;

    /// <summary>Bytes of a proof (an HMAC-SHA256 output).</summary>
    public const int ProofBytes = 32;

    /// <summary>The institution code of an operator (admin) sign-in, with the admin secret.</summary>
    public const string AdminInstitution = "*admin*";

    /// <summary>Domain label of the client proof.</summary>
    public const string ProofLabel = "SETTLE-AUTH-1";

    /// <summary>Domain label of the server proof.</summary>
    public const string ServerProofLabel = "SETTLE-AUTH-1-SERVER";

    /// <summary>Domain label of the session key.</summary>
    public const string SessionKeyLabel = "SETTLE-SESSION-1";

    // Labels plus two nonces plus two identities of at most StringBytesMax each and the separator.
    private const int InputBytesMax = 32 + 2 * NonceBytes + 2 * ProtocolLimits.StringBytesMax + 1;

    /// <summary>The UTF-8 bytes of a secret, the HMAC key of every computation here.</summary>
    public static byte[] EncodeSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>Fills <paramref name="nonce"/> (16 bytes) from the operating system's CSPRNG.</summary>
    public static void CreateNonce(Span<byte> nonce)
    {
        CheckLength(nonce.Length, NonceBytes, nameof(nonce));
        RandomNumberGenerator.Fill(nonce);
    }

    /// <summary>
    /// Client proof = HMAC-SHA256(key = secret, "SETTLE-AUTH-1" ‖ serverNonce ‖ clientNonce ‖ UTF-8 institution ‖
    /// 0x00 ‖ UTF-8 terminalId), 32 bytes into <paramref name="proof"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A nonce is not 16 bytes, or an identity is empty, longer than 256 UTF-8
    /// bytes or contains U+0000.</exception>
    public static void ComputeProof(
        ReadOnlySpan<byte> secret, ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> clientNonce,
        string institution, string terminalId, Span<byte> proof)
    {
        CheckLength(serverNonce.Length, NonceBytes, nameof(serverNonce));
        CheckLength(clientNonce.Length, NonceBytes, nameof(clientNonce));
        CheckLength(proof.Length, ProofBytes, nameof(proof));
        CheckIdentity(institution, nameof(institution));
        CheckIdentity(terminalId, nameof(terminalId));
        Span<byte> input = stackalloc byte[InputBytesMax];
        var length = Append(input, 0, ProofLabel);
        length = Append(input, length, serverNonce);
        length = Append(input, length, clientNonce);
        length = Append(input, length, institution);
        input[length++] = 0;
        length = Append(input, length, terminalId);
        HMACSHA256.HashData(secret, input[..length], proof);
    }

    /// <summary>Does <paramref name="proof"/> equal <see cref="ComputeProof"/>'s; constant-time.</summary>
    public static bool VerifyProof(
        ReadOnlySpan<byte> secret, ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> clientNonce,
        string institution, string terminalId, ReadOnlySpan<byte> proof)
    {
        Span<byte> expected = stackalloc byte[ProofBytes];
        ComputeProof(secret, serverNonce, clientNonce, institution, terminalId, expected);
        return CryptographicOperations.FixedTimeEquals(expected, proof);
    }

    /// <summary>Server proof = HMAC-SHA256(secret, "SETTLE-AUTH-1-SERVER" ‖ clientNonce ‖ serverNonce), 32
    /// bytes.</summary>
    public static void ComputeServerProof(
        ReadOnlySpan<byte> secret, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce,
        Span<byte> serverProof)
    {
        CheckLength(serverProof.Length, ProofBytes, nameof(serverProof));
        LabelledHmac(secret, ServerProofLabel, clientNonce, serverNonce, serverProof);
    }

    /// <summary>Does <paramref name="serverProof"/> equal <see cref="ComputeServerProof"/>'s; constant-time. A client
    /// that gets false closes the connection: the server does not know the secret.</summary>
    public static bool VerifyServerProof(
        ReadOnlySpan<byte> secret, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce,
        ReadOnlySpan<byte> serverProof)
    {
        Span<byte> expected = stackalloc byte[ProofBytes];
        ComputeServerProof(secret, clientNonce, serverNonce, expected);
        return CryptographicOperations.FixedTimeEquals(expected, serverProof);
    }

    /// <summary>Session key = HMAC-SHA256(secret, "SETTLE-SESSION-1" ‖ serverNonce ‖ clientNonce), 32 bytes.</summary>
    public static void DeriveSessionKey(
        ReadOnlySpan<byte> secret, ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> clientNonce,
        Span<byte> sessionKey)
    {
        CheckLength(sessionKey.Length, FrameMac.KeyBytes, nameof(sessionKey));
        LabelledHmac(secret, SessionKeyLabel, serverNonce, clientNonce, sessionKey);
    }

    /// <summary>The <see cref="FrameMac"/> of the session <see cref="DeriveSessionKey"/> describes.</summary>
    public static FrameMac CreateSessionMac(
        ReadOnlySpan<byte> secret, ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> clientNonce)
    {
        Span<byte> sessionKey = stackalloc byte[FrameMac.KeyBytes];
        DeriveSessionKey(secret, serverNonce, clientNonce, sessionKey);
        var mac = new FrameMac(sessionKey);
        CryptographicOperations.ZeroMemory(sessionKey);
        return mac;
    }

    private static void LabelledHmac(
        ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second,
        Span<byte> destination)
    {
        CheckLength(first.Length, NonceBytes, nameof(first));
        CheckLength(second.Length, NonceBytes, nameof(second));
        Span<byte> input = stackalloc byte[InputBytesMax];
        var length = Append(input, 0, label);
        length = Append(input, length, first);
        length = Append(input, length, second);
        HMACSHA256.HashData(secret, input[..length], destination);
    }

    private static int Append(Span<byte> input, int length, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(input[length..]);
        return length + bytes.Length;
    }

    private static int Append(Span<byte> input, int length, string text) =>
        length + Encoding.UTF8.GetBytes(text, input[length..]);

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"{name} must be {expected} bytes, not {actual}.", name);
    }

    private static void CheckIdentity(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An identity must not contain U+0000, the proof's separator.", name);
        }
        if (Encoding.UTF8.GetByteCount(value) > ProtocolLimits.StringBytesMax)
        {
            throw new ArgumentException($"An identity is at most {ProtocolLimits.StringBytesMax} UTF-8 bytes.", name);
        }
    }
}
