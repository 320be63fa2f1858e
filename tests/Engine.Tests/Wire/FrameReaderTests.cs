using System.Buffers;
using Engine.Contracts.Wire;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

public sealed class FrameReaderTests
{
    private static byte[] ValidFrame(int bodyBytes, FrameMac? mac = null) =>
        Frame(MessageType.Echo, 42, FrameFlags.None, mac, Bytes(bodyBytes, 1));

    public static TheoryData<int, bool> BodySizes => new()
    {
        { 0, false }, { 1, false }, { 24, false }, { 0, true }, { 24, true },
    };

    [Theory]
    [MemberData(nameof(BodySizes))]
    public void TryReadFrame_EveryPrefixOfValidFrame_ReturnsFalseAndConsumesNothing(int bodyBytes, bool withMac)
    {
        var mac = withMac ? SessionMac() : null;
        var frame = ValidFrame(bodyBytes, mac);
        for (var length = 0; length < frame.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, length);

            Assert.False(FrameReader.TryReadFrame(ref buffer, mac, out _, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Theory]
    [MemberData(nameof(BodySizes))]
    public void TryReadFrame_EveryTwoSegmentSplit_ParsesTheSame(int bodyBytes, bool withMac)
    {
        var mac = withMac ? SessionMac() : null;
        var frame = ValidFrame(bodyBytes, mac);
        var whole = new ReadOnlySequence<byte>(frame);
        Assert.True(FrameReader.TryReadFrame(ref whole, mac, out var expectedHeader, out var expectedBody));
        for (var cut = 1; cut < frame.Length; cut++)
        {
            var buffer = Split(frame, cut);

            Assert.True(FrameReader.TryReadFrame(ref buffer, mac, out var header, out var body));
            Assert.Equal(expectedHeader, header);
            Assert.Equal(expectedBody.ToArray(), body.ToArray());
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void TryReadFrame_EverySegmentAByte_ParsesTheSame()
    {
        var mac = SessionMac();
        var frame = ValidFrame(40, mac);
        var buffer = Split(frame, [.. Enumerable.Range(1, frame.Length - 1)]);

        Assert.True(FrameReader.TryReadFrame(ref buffer, mac, out var header, out var body));

        Assert.Equal((uint)frame.Length, header.FrameBytes);
        Assert.Equal(Bytes(40, 1), body.ToArray());
    }

    [Fact]
    public void TryReadFrame_TwoFramesBackToBack_ReadsOneAtATime()
    {
        var first = ValidFrame(3);
        var second = Frame(MessageType.Heartbeat, 43, FrameFlags.None, null, []);
        var buffer = new ReadOnlySequence<byte>([.. first, .. second]);

        Assert.True(FrameReader.TryReadFrame(ref buffer, out var header1, out var body1));
        Assert.True(FrameReader.TryReadFrame(ref buffer, out var header2, out var body2));
        Assert.False(FrameReader.TryReadFrame(ref buffer, out _, out _));

        Assert.Equal((42ul, 3L), (header1.CorrelationId, body1.Length));
        Assert.Equal((43ul, MessageType.Heartbeat, 0L), (header2.CorrelationId, header2.Type, body2.Length));
    }

    [Fact]
    public void TryReadFrame_BodyIsASliceOfTheInput_NotACopy()
    {
        var frame = ValidFrame(8);
        var buffer = new ReadOnlySequence<byte>(frame);

        Assert.True(FrameReader.TryReadFrame(ref buffer, out _, out var body));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body.First, out var segment));
        Assert.Same(frame, segment.Array);
        Assert.Equal(FrameHeader.Bytes, segment.Offset);
    }

    [Theory]
    [InlineData(0u, ProtocolViolationReason.FrameTooSmall)]
    [InlineData(15u, ProtocolViolationReason.FrameTooSmall)]
    [InlineData(ProtocolLimits.FrameBytesMax + 1u, ProtocolViolationReason.FrameTooLarge)]
    [InlineData(0x7FFF_FFFFu, ProtocolViolationReason.FrameTooLarge)]
    [InlineData(0xFFFF_FFFFu, ProtocolViolationReason.FrameTooLarge)]
    public void TryReadFrame_LengthOutOfBounds_ThrowsBeforeTheBodyArrives(uint frameBytes,
        ProtocolViolationReason reason)
    {
        // Only the header has arrived: the reader must not wait for a body it will never accept.
        var header = new FrameHeader(frameBytes, 1, FrameFlags.None, MessageType.Echo, 1);

        AssertViolation(reason, RawFrame(header, []), mac: null);
    }

    [Fact]
    public void TryReadFrame_LargestFrame_IsAccepted()
    {
        var frame = ValidFrame(ProtocolLimits.FrameBytesMax - FrameHeader.Bytes);
        var buffer = new ReadOnlySequence<byte>(frame);

        Assert.True(FrameReader.TryReadFrame(ref buffer, out var header, out _));

        Assert.Equal((uint)ProtocolLimits.FrameBytesMax, header.FrameBytes);
    }

    [Fact]
    public void TryReadFrame_MacFlagWithoutRoomForTrailer_ThrowsFrameTooSmall()
    {
        var header = new FrameHeader(31, 1, FrameFlags.Mac, MessageType.Heartbeat, 1);

        AssertViolation(ProtocolViolationReason.FrameTooSmall, RawFrame(header, new byte[15]), SessionMac());
    }

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)2)]
    [InlineData((byte)0xFF)]
    public void TryReadFrame_UnsupportedVersion_Throws(byte version)
    {
        var header = new FrameHeader(16, version, FrameFlags.None, MessageType.Heartbeat, 1);

        AssertViolation(ProtocolViolationReason.UnsupportedVersion, RawFrame(header, []), mac: null);
    }

    [Theory]
    [InlineData((byte)0x04)]
    [InlineData((byte)0x80)]
    [InlineData((byte)0xFD)]
    public void TryReadFrame_ReservedFlagSet_Throws(byte flags)
    {
        var header = new FrameHeader(16, 1, (FrameFlags)flags, MessageType.Heartbeat, 1);

        AssertViolation(ProtocolViolationReason.ReservedFlagsSet, RawFrame(header, []), mac: null);
    }

    [Theory]
    [InlineData((ushort)0x0000)]
    [InlineData((ushort)0x0007)]
    [InlineData((ushort)0x2203)]
    [InlineData((ushort)0xFFFF)]
    public void TryReadFrame_UnknownMessageType_Throws(ushort type)
    {
        var header = new FrameHeader(16, 1, FrameFlags.None, (MessageType)type, 1);

        AssertViolation(ProtocolViolationReason.UnknownMessageType, RawFrame(header, []), mac: null);
    }

    [Fact]
    public void TryReadFrame_CorrelationIdZeroOnARequest_Throws()
    {
        var header = new FrameHeader(16, 1, FrameFlags.None, MessageType.Heartbeat, 0);

        AssertViolation(ProtocolViolationReason.CorrelationIdZero, RawFrame(header, []), mac: null);
    }

    [Fact]
    public void TryReadFrame_CorrelationIdZeroOnAnErrorFrame_IsAccepted()
    {
        var frame = Frame(MessageType.Error, 0, FrameFlags.Reply, null,
            Body(new ErrorBody(13, "IDLE_TIMEOUT"), MessageCodec.Write));
        var buffer = new ReadOnlySequence<byte>(frame);

        Assert.True(FrameReader.TryReadFrame(ref buffer, out var header, out _));

        Assert.Equal(0ul, header.CorrelationId);
    }

    [Fact]
    public void TryReadFrame_NoMacAfterWelcome_ThrowsMacMissing()
    {
        AssertViolation(ProtocolViolationReason.MacMissing, ValidFrame(4), SessionMac());
    }

    [Fact]
    public void TryReadFrame_MacBeforeWelcome_ThrowsMacInvalid()
    {
        AssertViolation(ProtocolViolationReason.MacInvalid, ValidFrame(4, SessionMac()), mac: null);
    }

    [Fact]
    public void TryReadFrame_MacOfAnotherSession_ThrowsMacInvalid()
    {
        var frame = ValidFrame(4, SessionMac());

        AssertViolation(ProtocolViolationReason.MacInvalid, frame, new FrameMac(Bytes(FrameMac.KeyBytes, 0x41)));
    }

    [Fact]
    public void TryReadFrame_AnyByteTampered_ThrowsMacInvalidOrAHeaderReason()
    {
        var mac = SessionMac();
        var frame = ValidFrame(24, mac);
        for (var index = 0; index < frame.Length; index++)
        {
            var tampered = (byte[])frame.Clone();
            tampered[index] ^= 0x01;
            var buffer = new ReadOnlySequence<byte>(tampered);

            var violation = Record.Exception(() => FrameReader.TryReadFrame(ref buffer, mac, out _, out _));

            // A flipped length byte may leave the frame incomplete (false) rather than invalid: both are safe.
            if (violation is null)
            {
                Assert.True(index < 4, $"byte {index} tampered yet accepted");
                continue;
            }
            Assert.IsType<ProtocolViolationException>(violation);
        }
    }

    [Fact]
    public void ThrowIfTruncated_LeftoverBytes_ThrowsTruncatedFrame()
    {
        var partial = new ReadOnlySequence<byte>(ValidFrame(8), 0, 20);

        var violation = Assert.Throws<ProtocolViolationException>(() => FrameReader.ThrowIfTruncated(partial));

        Assert.Equal(ProtocolViolationReason.TruncatedFrame, violation.Reason);
        FrameReader.ThrowIfTruncated(ReadOnlySequence<byte>.Empty);
    }

    private static void AssertViolation(ProtocolViolationReason reason, byte[] frame, FrameMac? mac)
    {
        var buffer = new ReadOnlySequence<byte>(frame);

        var violation = Assert.Throws<ProtocolViolationException>(
            () => FrameReader.TryReadFrame(ref buffer, mac, out _, out _));

        Assert.Equal(reason, violation.Reason);
        Assert.Equal((ushort)reason, violation.ErrorCode);
    }
}
