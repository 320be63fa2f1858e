using System.Buffers;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

public sealed class FrameWriterTests
{
    [Fact]
    public void WriteFrame_CodecBody_ReadsBackWithTheSameHeaderAndBody()
    {
        var output = new ArrayBufferWriter<byte>();
        var mac = SessionMac();

        var frameBytes = FrameWriter.WriteFrame(
            output, MessageType.Settle, 77, FrameFlags.None, mac, Settle(), MessageCodec.Write);

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(FrameReader.TryReadFrame(ref buffer, mac, out var header, out var body));
        Assert.Equal(output.WrittenCount, frameBytes);
        Assert.Equal(new FrameHeader((uint)frameBytes, 1, FrameFlags.Mac, MessageType.Settle, 77), header);
        Assert.Equal(Body(Settle(), MessageCodec.Write), body.ToArray());
        Assert.Equal(Settle(), MessageCodec.Decode(body, InstitutionCode, MessageCodec.ReadSettleRequest));
    }

    [Fact]
    public void WriteFrame_Reply_SetsTheReplyFlagAndNoMacWithoutSession()
    {
        var frame = Frame(MessageType.Hello, 1, FrameFlags.Reply, null,
            Body(new ChallengeBody(Bytes(16, 0x10)), MessageCodec.Write));

        var header = FrameHeader.Read(frame);

        Assert.Equal(FrameFlags.Reply, header.Flags);
        Assert.Equal((uint)frame.Length, header.FrameBytes);
    }

    [Fact]
    public void WriteFrame_MacFlagPassedByCaller_Throws()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => FrameWriter.WriteFrame(
            output, MessageType.Heartbeat, 1, FrameFlags.Mac, null, ReadOnlySpan<byte>.Empty));
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void WriteFrame_BodyBeyondTheFrameLimit_ThrowsAndWritesNothing()
    {
        var output = new ArrayBufferWriter<byte>();
        var body = new byte[ProtocolLimits.FrameBytesMax - FrameHeader.Bytes];

        Assert.Throws<InvalidOperationException>(() => FrameWriter.WriteFrame(
            output, MessageType.Echo, 1, FrameFlags.None, SessionMac(), body));
        Assert.Equal(0, output.WrittenCount);

        FrameWriter.WriteFrame(output, MessageType.Echo, 1, FrameFlags.None, null, body);
        Assert.Equal(ProtocolLimits.FrameBytesMax, output.WrittenCount);
    }

    [Fact]
    public void WriteFrame_AfterALargeFrame_StillWritesSmallFramesCorrectly()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(output, MessageType.Echo, 1, FrameFlags.None, null, new byte[300_000]);
        output.ResetWrittenCount();

        FrameWriter.WriteFrame(output, MessageType.Settle, 2, FrameFlags.None, null, Settle(), MessageCodec.Write);

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(FrameReader.TryReadFrame(ref buffer, out var header, out _));
        Assert.Equal(2ul, header.CorrelationId);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void WriteFrame_BodyWriterThatWritesAFrame_IsRejectedAsReentrant()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<InvalidOperationException>(() => FrameWriter.WriteFrame(
            output, MessageType.Ping, 1, FrameFlags.None, null, 0,
            (ref MessagePack.MessagePackWriter _, int _) => FrameWriter.WriteFrame(
                output, MessageType.Heartbeat, 2, FrameFlags.None, null, ReadOnlySpan<byte>.Empty)));

        // The scratch buffer is released: the next frame works.
        FrameWriter.WriteFrame(output, MessageType.Heartbeat, 3, FrameFlags.None, null, ReadOnlySpan<byte>.Empty);
    }

    [Fact]
    public void WriteThenReadFrame_SteadyState_AllocatesNothing()
    {
        // Goal: the frame codec itself (header, scratch, MAC, reader) allocates 0 bytes per frame.
        var mac = SessionMac();
        var output = new FixedBufferWriter(4_096);
        var body = Body(Settle(), MessageCodec.Write);
        for (var i = 0; i < 50; i++) RoundTrip(output, mac, body); // Warm up: thread-static scratch, HMAC provider.

        var before = GC.GetAllocatedBytesForCurrentThread();
        var bodyBytes = 0L;
        for (var i = 0; i < 100; i++) bodyBytes += RoundTrip(output, mac, body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100L * body.Length, bodyBytes);
        Assert.Equal(0, allocated);
    }

    private static long RoundTrip(FixedBufferWriter output, FrameMac mac, byte[] body)
    {
        output.Reset();
        FrameWriter.WriteFrame(output, MessageType.Settle, 9, FrameFlags.Reply, mac, body);
        var buffer = new ReadOnlySequence<byte>(output.Written);
        return FrameReader.TryReadFrame(ref buffer, mac, out _, out var read) ? read.Length : -1;
    }

    /// <summary>An IBufferWriter over one preallocated array, so the test measures only the codec.</summary>
    private sealed class FixedBufferWriter(int capacity) : IBufferWriter<byte>
    {
        private readonly byte[] buffer = new byte[capacity];
        private int written;

        public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, written);

        public void Reset() => written = 0;

        public void Advance(int count) => written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(written);

        public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(written);
    }
}
