using Engine.Contracts.Wire;

namespace Engine.Tests.Wire;

public sealed class FrameHeaderTests
{
    [Fact]
    public void WriteThenRead_EveryField_RoundTrips()
    {
        var header = new FrameHeader(0x0010_2030, 1, FrameFlags.Reply | FrameFlags.Mac, MessageType.Settle,
            0x0102_0304_0506_0708);
        Span<byte> bytes = stackalloc byte[FrameHeader.Bytes];

        header.Write(bytes);

        Assert.Equal(header, FrameHeader.Read(bytes));
    }

    [Fact]
    public void Write_KnownHeader_IsLittleEndianAtDocumentedOffsets()
    {
        var header = new FrameHeader(0x0403_0201, 1, FrameFlags.Mac, MessageType.Settle, 0x0c0b_0a09_0807_0605);
        var bytes = new byte[FrameHeader.Bytes];

        header.Write(bytes);

        Assert.Equal("01020304" + "01" + "02" + "0722" + "05060708090a0b0c", WireTestData.Hex(bytes));
    }

    [Fact]
    public void Read_ReservedBitsAndUnknownType_KeepsThemForTheReaderToReject()
    {
        var bytes = WireTestData.Bytes(FrameHeader.Bytes, 0xF0);

        var header = FrameHeader.Read(bytes);

        Assert.Equal((FrameFlags)0xF5, header.Flags);
        Assert.Equal((MessageType)0xF7F6, header.Type);
    }

    [Fact]
    public void ForBody_WithMac_CountsTheTrailer()
    {
        var header = FrameHeader.ForBody(MessageType.Heartbeat, FrameFlags.Mac, 7, bodyBytes: 0);

        Assert.Equal(32u, header.FrameBytes);
        Assert.Equal(0, header.BodyBytes);
        Assert.True(header.HasMac);
        Assert.False(header.IsReply);
    }

    [Fact]
    public void ForBody_BeyondFrameBytesMax_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameHeader.ForBody(
            MessageType.Echo, FrameFlags.None, 1, ProtocolLimits.FrameBytesMax - FrameHeader.Bytes + 1));
    }
}
