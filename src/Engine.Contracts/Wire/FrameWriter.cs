using System.Buffers;
using MessagePack;

namespace Engine.Contracts.Wire;

/// <summary>
/// Writes whole frames into an <see cref="IBufferWriter{T}"/> such as a PipeWriter (docs/protocol.md §2, §7).
/// The frame is assembled in a per-thread scratch buffer (header slot, body, MAC trailer) and copied out with
/// one write, so steady-state writing allocates nothing. Not reentrant: a body writer must not write a frame.
/// The caller serialises writes to one output, as it must for any PipeWriter.
/// </summary>
public static class FrameWriter
{
    /// <summary>
    /// Writes a frame whose body <paramref name="writeBody"/> encodes, e.g. <c>MessageCodec.Write</c>.
    /// </summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="type">The message type.</param>
    /// <param name="correlationId">The request's id (a reply echoes it); 0 only for a server Error frame.</param>
    /// <param name="flags"><see cref="FrameFlags.None"/> or <see cref="FrameFlags.Reply"/>; the MAC bit is set here
    /// when <paramref name="mac"/> is given.</param>
    /// <param name="mac">The session's MAC after Welcome; null before.</param>
    /// <param name="value">The body.</param>
    /// <param name="writeBody">Encodes <paramref name="value"/>.</param>
    /// <returns>The frame's bytes, header and trailer included.</returns>
    /// <exception cref="InvalidOperationException">The frame would exceed
    /// <see cref="ProtocolLimits.FrameBytesMax"/>.</exception>
    public static int WriteFrame<T>(
        IBufferWriter<byte> output, MessageType type, ulong correlationId, FrameFlags flags, FrameMac? mac,
        T value, BodyWriter<T> writeBody)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(writeBody);
        CheckFlags(flags);
        var scratch = FrameScratch.Acquire();
        try
        {
            scratch.Advance(FrameHeader.Bytes); // The header slot, filled once the body's length is known.
            var writer = new MessagePackWriter(scratch);
            writeBody(ref writer, value);
            writer.Flush();
            return Complete(scratch, output, type, correlationId, flags, mac);
        }
        finally
        {
            scratch.Release();
        }
    }

    /// <summary>Writes a frame with a raw body: Heartbeat (empty) and Echo (any bytes).</summary>
    /// <returns>The frame's bytes, header and trailer included.</returns>
    /// <exception cref="InvalidOperationException">The frame would exceed
    /// <see cref="ProtocolLimits.FrameBytesMax"/>.</exception>
    public static int WriteFrame(
        IBufferWriter<byte> output, MessageType type, ulong correlationId, FrameFlags flags, FrameMac? mac,
        ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        CheckFlags(flags);
        var scratch = FrameScratch.Acquire();
        try
        {
            scratch.Advance(FrameHeader.Bytes);
            var bodySpan = scratch.GetSpan(body.Length);
            body.CopyTo(bodySpan);
            scratch.Advance(body.Length);
            return Complete(scratch, output, type, correlationId, flags, mac);
        }
        finally
        {
            scratch.Release();
        }
    }

    private static int Complete(
        FrameScratch scratch, IBufferWriter<byte> output, MessageType type, ulong correlationId, FrameFlags flags,
        FrameMac? mac)
    {
        var bodyBytes = scratch.WrittenBytes - FrameHeader.Bytes;
        if (mac is not null)
        {
            flags |= FrameFlags.Mac;
            scratch.GetSpan(FrameMac.TrailerBytes); // Reserve the trailer before the header is final.
        }
        var header = FrameHeader.ForBody(type, flags, correlationId, bodyBytes);
        header.Write(scratch.Written);
        if (mac is not null)
        {
            var headerAndBody = scratch.WrittenBytes;
            mac.Compute(scratch.Written, scratch.GetSpan(FrameMac.TrailerBytes));
            scratch.Advance(FrameMac.TrailerBytes);
            System.Diagnostics.Debug.Assert(scratch.WrittenBytes == headerAndBody + FrameMac.TrailerBytes);
        }
        output.Write(scratch.Written);
        return scratch.WrittenBytes;
    }

    private static void CheckFlags(FrameFlags flags)
    {
        if ((flags & ~FrameFlags.Reply) != 0)
        {
            throw new ArgumentException("Only FrameFlags.Reply may be passed; the MAC bit follows the mac argument.",
                nameof(flags));
        }
    }
}
