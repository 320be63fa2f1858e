using System.Buffers;

namespace Engine.Contracts.Wire;

/// <summary>
/// Cuts frames out of a byte stream (docs/protocol.md §2). Synchronous, socket-free and allocation-free: the body
/// is a slice of the input, never a copy. Every header check runs as soon as 16 bytes are there, before waiting
/// for the body, so a hostile length cannot make the caller buffer more than
/// <see cref="ProtocolLimits.FrameBytesMax"/>.
/// </summary>
public static class FrameReader
{
    /// <summary>
    /// Reads one frame of a connection that has no session key yet (before Welcome): a frame with the MAC flag is
    /// rejected. Same contract as
    /// <see cref="TryReadFrame(ref ReadOnlySequence{byte}, FrameMac?, out FrameHeader, out ReadOnlySequence{byte})"/>.
    /// </summary>
    public static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer, out FrameHeader header, out ReadOnlySequence<byte> body) =>
        TryReadFrame(ref buffer, mac: null, out header, out body);

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>: true and <paramref name="buffer"/> advanced past
    /// the frame when it is complete; false and <paramref name="buffer"/> untouched when more bytes are needed.
    /// </summary>
    /// <param name="buffer">The received, unconsumed bytes; may span several segments.</param>
    /// <param name="mac">The session's MAC after Welcome: every frame must carry a trailer that verifies. Null
    /// before Welcome: no frame may carry one.</param>
    /// <param name="header">The header, when the frame is complete.</param>
    /// <param name="body">The body without the MAC trailer, a slice of <paramref name="buffer"/>: valid until the
    /// caller releases those bytes (PipeReader.AdvanceTo).</param>
    /// <exception cref="ProtocolViolationException">The header or the MAC is invalid.</exception>
    public static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer, FrameMac? mac, out FrameHeader header, out ReadOnlySequence<byte> body)
    {
        body = default;
        if (buffer.Length < FrameHeader.Bytes)
        {
            header = default;
            return false;
        }
        header = ReadHeader(buffer);

        // Check everything the header says before waiting for the body: a hostile prefix must not make us buffer.
        ValidateHeader(header, mac);
        if (buffer.Length < header.FrameBytes) return false;

        var frame = buffer.Slice(0, header.FrameBytes);
        if (header.HasMac)
        {
            var macStart = header.FrameBytes - FrameMac.TrailerBytes;
            VerifyMac(mac!, frame.Slice(0, macStart), frame.Slice(macStart));
        }
        body = frame.Slice(FrameHeader.Bytes, header.BodyBytes);
        buffer = buffer.Slice(header.FrameBytes);
        return true;
    }

    /// <summary>
    /// Call when the peer has closed its side: bytes left over are the start of a frame that will never finish.
    /// </summary>
    /// <exception cref="ProtocolViolationException"><see cref="ProtocolViolationReason.TruncatedFrame"/> when
    /// <paramref name="remaining"/> is not empty.</exception>
    public static void ThrowIfTruncated(in ReadOnlySequence<byte> remaining)
    {
        if (!remaining.IsEmpty)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.TruncatedFrame, $"{remaining.Length} bytes of a frame.");
        }
    }

    /// <summary>
    /// The checks of docs/protocol.md §2 that need only the header, in this order: version, frame_bytes bounds,
    /// reserved flags, MAC presence, message type, correlation id.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The first check that fails.</exception>
    public static void ValidateHeader(in FrameHeader header, FrameMac? mac)
    {
        if (header.Version != FrameHeader.VersionCurrent)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.UnsupportedVersion, $"version {header.Version}.");
        }
        if (header.FrameBytes < ProtocolLimits.FrameBytesMin)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.FrameTooSmall, $"frame_bytes {header.FrameBytes}.");
        }
        if (header.FrameBytes > ProtocolLimits.FrameBytesMax)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.FrameTooLarge, $"frame_bytes {header.FrameBytes}.");
        }
        if ((header.Flags & ~FrameHeader.FlagsDefined) != 0)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.ReservedFlagsSet, $"flags 0x{(byte)header.Flags:X2}.");
        }
        ValidateMacFlag(header, mac);
        if (!MessageTypes.IsKnown(header.Type))
        {
            ProtocolViolation.Throw(ProtocolViolationReason.UnknownMessageType, $"type 0x{(ushort)header.Type:X4}.");
        }
        if (header.CorrelationId == 0 && header.Type != MessageType.Error)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.CorrelationIdZero);
        }
    }

    private static void ValidateMacFlag(in FrameHeader header, FrameMac? mac)
    {
        if (mac is null && header.HasMac)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MacInvalid, "a MAC before the session exists.");
        }
        if (mac is not null && !header.HasMac)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MacMissing);
        }
        if (header.HasMac && header.FrameBytes < FrameHeader.Bytes + FrameMac.TrailerBytes)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.FrameTooSmall,
                $"frame_bytes {header.FrameBytes} with a MAC.");
        }
    }

    private static FrameHeader ReadHeader(in ReadOnlySequence<byte> buffer)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= FrameHeader.Bytes) return FrameHeader.Read(first);

        // The header straddles segments: gather it.
        Span<byte> headerBytes = stackalloc byte[FrameHeader.Bytes];
        buffer.Slice(0, FrameHeader.Bytes).CopyTo(headerBytes);
        return FrameHeader.Read(headerBytes);
    }

    private static void VerifyMac(FrameMac mac, in ReadOnlySequence<byte> headerAndBody,
        in ReadOnlySequence<byte> trailer)
    {
        Span<byte> trailerBytes = stackalloc byte[FrameMac.TrailerBytes];
        trailer.CopyTo(trailerBytes);
        if (!mac.Verify(headerAndBody, trailerBytes))
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MacInvalid);
        }
    }
}
