using System.Buffers.Binary;

namespace Engine.Contracts.Wire;

/// <summary>
/// The 16-byte frame header, little-endian (docs/protocol.md §2):
/// [0,4) frame_bytes · [4] version · [5] flags · [6,8) message type · [8,16) correlation id.
/// <see cref="Read"/> and <see cref="Write"/> round-trip every field exactly, so a header can be re-serialised
/// for the MAC. Validation is <see cref="FrameReader"/>'s job, not this type's.
/// </summary>
/// <param name="FrameBytes">The whole frame: header, body and MAC trailer.</param>
/// <param name="Version">The protocol version; <see cref="VersionCurrent"/>.</param>
/// <param name="Flags">Reply and MAC bits; the rest must be zero.</param>
/// <param name="Type">What the body is.</param>
/// <param name="CorrelationId">Chosen by the requester, echoed in the reply; 0 only on a server Error frame.</param>
public readonly record struct FrameHeader(
    uint FrameBytes, byte Version, FrameFlags Flags, MessageType Type, ulong CorrelationId)
{
    /// <summary>Bytes of a header.</summary>
    public const int Bytes = 16;

    /// <summary>The only protocol version this codec speaks.</summary>
    public const byte VersionCurrent = 1;

    /// <summary>The flag bits this version defines; any other bit set is a violation.</summary>
    public const FrameFlags FlagsDefined = FrameFlags.Reply | FrameFlags.Mac;

    private const int FrameBytesOffset = 0;
    private const int VersionOffset = 4;
    private const int FlagsOffset = 5;
    private const int TypeOffset = 6;
    private const int CorrelationIdOffset = 8;

    /// <summary>Is <see cref="FrameFlags.Reply"/> set.</summary>
    public bool IsReply => (Flags & FrameFlags.Reply) != 0;

    /// <summary>Is <see cref="FrameFlags.Mac"/> set: the last 16 bytes of the frame are a MAC trailer.</summary>
    public bool HasMac => (Flags & FrameFlags.Mac) != 0;

    /// <summary>Bytes of the body: <see cref="FrameBytes"/> less the header and the MAC trailer, if any.
    /// Meaningful only for a header <see cref="FrameReader"/> accepted.</summary>
    public int BodyBytes => (int)FrameBytes - Bytes - (HasMac ? FrameMac.TrailerBytes : 0);

    /// <summary>A version-1 header for a body of <paramref name="bodyBytes"/>; frame_bytes counts the trailer
    /// when <paramref name="flags"/> has <see cref="FrameFlags.Mac"/>.</summary>
    public static FrameHeader ForBody(MessageType type, FrameFlags flags, ulong correlationId, int bodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bodyBytes);
        var frameBytes = (long)Bytes + bodyBytes + ((flags & FrameFlags.Mac) != 0 ? FrameMac.TrailerBytes : 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameBytes, ProtocolLimits.FrameBytesMax, nameof(bodyBytes));
        return new FrameHeader((uint)frameBytes, VersionCurrent, flags, type, correlationId);
    }

    /// <summary>Reads the first 16 bytes of <paramref name="source"/>.</summary>
    public static FrameHeader Read(ReadOnlySpan<byte> source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, Bytes, nameof(source));
        return new FrameHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(source[FrameBytesOffset..]),
            source[VersionOffset],
            (FrameFlags)source[FlagsOffset],
            (MessageType)BinaryPrimitives.ReadUInt16LittleEndian(source[TypeOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[CorrelationIdOffset..]));
    }

    /// <summary>Writes the header into the first 16 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Bytes, nameof(destination));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FrameBytesOffset..], FrameBytes);
        destination[VersionOffset] = Version;
        destination[FlagsOffset] = (byte)Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[TypeOffset..], (ushort)Type);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[CorrelationIdOffset..], CorrelationId);
    }
}
