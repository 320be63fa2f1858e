using System.Buffers;

namespace Engine.Contracts.Wire;

/// <summary>
/// A thread's reusable frame buffer: the header slot, the body and the trailer are assembled here so that
/// frame_bytes is known before the header goes out and the MAC is one call over contiguous bytes. Grows from the
/// shared array pool up to <see cref="ProtocolLimits.FrameBytesMax"/>; a large buffer goes back after its frame.
/// </summary>
internal sealed class FrameScratch : IBufferWriter<byte>
{
    private const int InitialBytes = 4_096;
    private const int RetainedBytesMax = 65_536;

    [ThreadStatic]
    private static FrameScratch? current;

    private byte[] buffer = new byte[InitialBytes];
    private bool rented;
    private bool inUse;

    /// <summary>Bytes written so far in the current frame.</summary>
    public int WrittenBytes { get; private set; }

    /// <summary>The written bytes.</summary>
    public Span<byte> Written => buffer.AsSpan(0, WrittenBytes);

    /// <summary>Takes this thread's scratch for one frame; <see cref="Release"/> gives it back.</summary>
    public static FrameScratch Acquire()
    {
        var scratch = current ??= new FrameScratch();
        if (scratch.inUse)
        {
            throw new InvalidOperationException("FrameWriter is not reentrant: a body writer wrote a frame.");
        }
        scratch.inUse = true;
        scratch.WrittenBytes = 0;
        return scratch;
    }

    /// <summary>Ends the frame; a buffer grown beyond 64 KiB goes back to the pool.</summary>
    public void Release()
    {
        inUse = false;
        WrittenBytes = 0;
        if (rented && buffer.Length > RetainedBytesMax)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = new byte[InitialBytes];
            rented = false;
        }
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - WrittenBytes);
        WrittenBytes += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsMemory(WrittenBytes);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsSpan(WrittenBytes);
    }

    private void Ensure(int sizeHint)
    {
        var needed = (long)WrittenBytes + Math.Max(sizeHint, 1);
        if (needed <= buffer.Length) return;
        if (needed > ProtocolLimits.FrameBytesMax)
        {
            throw new InvalidOperationException(
                $"A frame would exceed {ProtocolLimits.FrameBytesMax} bytes; split the message (docs/protocol.md §4).");
        }
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(
            Math.Max(needed, (long)buffer.Length * 2), ProtocolLimits.FrameBytesMax));
        buffer.AsSpan(0, WrittenBytes).CopyTo(grown);
        if (rented) ArrayPool<byte>.Shared.Return(buffer);
        buffer = grown;
        rented = true;
    }
}
