using System.Buffers;
using System.Security.Cryptography;

namespace Engine.Contracts.Wire;

/// <summary>
/// The MAC of a session (docs/protocol.md §7): trailer = the first 16 bytes of
/// HMAC-SHA256(session key, header ‖ body), the header as sent (MAC flag set, frame_bytes counting the trailer).
/// Safe to use from several threads at once (the read loop verifies while replies are written). No allocation per
/// frame: two keyed HMAC instances are reused (taken exclusively, lock-free), a thread that finds both busy uses
/// the one-shot <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>, and a
/// multi-segment frame is gathered on the stack or in a pooled array. Dispose when the connection closes.
/// </summary>
public sealed class FrameMac : IDisposable
{
    /// <summary>Bytes of the MAC trailer.</summary>
    public const int TrailerBytes = 16;

    /// <summary>Bytes of a session key (an HMAC-SHA256 output).</summary>
    public const int KeyBytes = 32;

    private const int StackGatherBytesMax = 1_024;

    private readonly byte[] key;

    // Keyed instances reuse OpenSSL's key schedule: about twice as fast as the one-shot on small frames.
    private readonly HMACSHA256?[] instances = new HMACSHA256?[2];
    private bool disposed;

    /// <summary>Holds a copy of <paramref name="sessionKey"/> (32 bytes, see
    /// <see cref="Handshake.DeriveSessionKey"/>).</summary>
    public FrameMac(ReadOnlySpan<byte> sessionKey)
    {
        if (sessionKey.Length != KeyBytes)
        {
            throw new ArgumentException($"A session key is {KeyBytes} bytes.", nameof(sessionKey));
        }
        key = sessionKey.ToArray();
        for (var i = 0; i < instances.Length; i++) instances[i] = new HMACSHA256(key);
    }

    /// <summary>Writes the 16-byte trailer of <paramref name="headerAndBody"/> into
    /// <paramref name="trailer"/>.</summary>
    public void Compute(ReadOnlySpan<byte> headerAndBody, Span<byte> trailer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trailer.Length, TrailerBytes, nameof(trailer));
        ObjectDisposedException.ThrowIf(disposed, this);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash(headerAndBody, hash);
        hash[..TrailerBytes].CopyTo(trailer);
    }

    /// <summary>Does <paramref name="trailer"/> match <paramref name="headerAndBody"/>; compared in constant
    /// time.</summary>
    public bool Verify(ReadOnlySpan<byte> headerAndBody, ReadOnlySpan<byte> trailer)
    {
        if (trailer.Length != TrailerBytes) return false;
        Span<byte> expected = stackalloc byte[TrailerBytes];
        Compute(headerAndBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, trailer);
    }

    /// <summary>
    /// Does <paramref name="trailer"/> match <paramref name="headerAndBody"/>, which may span several segments
    /// (a frame split across pipe buffers). A multi-segment frame is gathered on the stack or in a pooled array.
    /// </summary>
    public bool Verify(in ReadOnlySequence<byte> headerAndBody, ReadOnlySpan<byte> trailer)
    {
        if (headerAndBody.IsSingleSegment) return Verify(headerAndBody.FirstSpan, trailer);
        var length = checked((int)headerAndBody.Length);
        if (length <= StackGatherBytesMax)
        {
            Span<byte> gathered = stackalloc byte[length];
            headerAndBody.CopyTo(gathered);
            return Verify(gathered, trailer);
        }
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            headerAndBody.CopyTo(rented);
            return Verify(rented.AsSpan(0, length), trailer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Zeroes the key and releases the HMAC instances; later calls throw
    /// <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        for (var i = 0; i < instances.Length; i++) Interlocked.Exchange(ref instances[i], null)?.Dispose();
        CryptographicOperations.ZeroMemory(key);
    }

    private void Hash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        for (var i = 0; i < instances.Length; i++)
        {
            var instance = Interlocked.Exchange(ref instances[i], null);
            if (instance is null) continue;
            try
            {
                instance.TryComputeHash(data, hash, out _);
            }
            finally
            {
                // Put it back; if Dispose ran meanwhile, nobody will take it again, so release it here.
                if (disposed) instance.Dispose();
                else Volatile.Write(ref instances[i], instance);
            }
            return;
        }
        HMACSHA256.HashData(key, data, hash); // Both instances busy: rare, allocation-free all the same.
    }
}
