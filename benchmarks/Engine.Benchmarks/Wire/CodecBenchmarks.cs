using System.Buffers;
using BenchmarkDotNet.Attributes;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;

namespace Engine.Benchmarks.Wire;

/// <summary>
/// The terminal protocol's codec (docs/protocol.md): header, whole frames with a MAC, and the MessagePack bodies of
/// the hottest pair, 2207 Settle and its TransactionReply with settlement figures. Target: the frame codec
/// (header, scratch, MAC, reader) allocates 0 B per frame.
/// </summary>
/// <remarks>
/// Frames go into a fixed buffer allocated once in setup, so Allocated shows only what src/ allocates. The
/// <c>…Decode</c> rows allocate the decoded record and its strings (they outlive the frame, as a request handed to
/// a grain must); every other row must show 0 B.
/// </remarks>
[MemoryDiagnoser]
public class CodecBenchmarks : IDisposable
{
    private readonly FixedBufferWriter output = new(4_096);
    private readonly byte[] headerBytes = new byte[FrameHeader.Bytes];
    private readonly byte[] trailer = new byte[FrameMac.TrailerBytes];
    private FrameMac mac = null!;
    private FrameHeader header;
    private SettleRequest settle = null!;
    private TransactionReply reply = null!;
    private byte[] settleBody = [];
    private byte[] settleFrame = [];
    private byte[] replyFrame = [];

    [GlobalSetup]
    public void Setup()
    {
        var sessionKey = new byte[FrameMac.KeyBytes];
        Handshake.DeriveSessionKey(Handshake.EncodeSecret("benchmark-secret"), new byte[16], new byte[16], sessionKey);
        mac = new FrameMac(sessionKey);
        header = new FrameHeader(79, FrameHeader.VersionCurrent, FrameFlags.Mac, MessageType.Settle, 3);
        settle = new SettleRequest("MSG-20250601-0001", "H31011800001", "V0000000000000017", true,
            new DateTime(2025, 6, 1, 9, 30, 0));
        reply = TransactionReply.Ok with { SettlementId = "S0000000000000009", Settlement = Figures() };
        settleBody = MessageCodec.Encode(settle, MessageCodec.Write);
        settleFrame = WriteToArray(MessageType.Settle, FrameFlags.None, settle, MessageCodec.Write);
        replyFrame = WriteToArray(MessageType.Settle, FrameFlags.Reply, reply, MessageCodec.Write);
    }

    [Benchmark(Description = "header write")]
    public void HeaderWrite() => header.Write(headerBytes);

    [Benchmark(Description = "header read")]
    public FrameHeader HeaderRead() => FrameHeader.Read(headerBytes);

    [Benchmark(Description = "MAC compute (63-byte frame)")]
    public byte MacCompute()
    {
        mac.Compute(settleFrame.AsSpan(0, settleFrame.Length - FrameMac.TrailerBytes), trailer);
        return trailer[0];
    }

    [Benchmark(Description = "frame write+read, raw 2207 body, MAC")]
    public long FrameOnlyRoundTrip()
    {
        output.Reset();
        FrameWriter.WriteFrame(output, MessageType.Settle, 3, FrameFlags.None, mac, settleBody);
        var buffer = new ReadOnlySequence<byte>(output.Written);
        return FrameReader.TryReadFrame(ref buffer, mac, out _, out var body) ? body.Length : -1;
    }

    [Benchmark(Description = "2207 request: encode + write frame, MAC")]
    public int SettleWrite()
    {
        output.Reset();
        return FrameWriter.WriteFrame(output, MessageType.Settle, 3, FrameFlags.None, mac, settle, MessageCodec.Write);
    }

    [Benchmark(Description = "2207 request: read frame + decode, MAC")]
    public SettleRequest SettleReadDecode()
    {
        var buffer = new ReadOnlySequence<byte>(settleFrame);
        FrameReader.TryReadFrame(ref buffer, mac, out _, out var body);
        return MessageCodec.Decode(body, "H31011800001", MessageCodec.ReadSettleRequest);
    }

    [Benchmark(Description = "2207 request: write + read + decode, MAC")]
    public SettleRequest SettleRoundTripDecode()
    {
        output.Reset();
        FrameWriter.WriteFrame(output, MessageType.Settle, 3, FrameFlags.None, mac, settle, MessageCodec.Write);
        var buffer = new ReadOnlySequence<byte>(output.Written);
        FrameReader.TryReadFrame(ref buffer, mac, out _, out var body);
        return MessageCodec.Decode(body, "H31011800001", MessageCodec.ReadSettleRequest);
    }

    [Benchmark(Description = "2207 reply: encode + write frame, MAC")]
    public int ReplyWrite()
    {
        output.Reset();
        return FrameWriter.WriteFrame(output, MessageType.Settle, 3, FrameFlags.Reply, mac, reply, MessageCodec.Write);
    }

    [Benchmark(Description = "2207 reply: read frame + decode, MAC")]
    public TransactionReply ReplyReadDecode()
    {
        var buffer = new ReadOnlySequence<byte>(replyFrame);
        FrameReader.TryReadFrame(ref buffer, mac, out _, out var body);
        return MessageCodec.Decode(body, MessageCodec.ReadTransactionReply);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) mac?.Dispose();
    }

    private byte[] WriteToArray<T>(MessageType type, FrameFlags flags, T value, BodyWriter<T> write)
    {
        output.Reset();
        FrameWriter.WriteFrame(output, type, 3, flags, mac, value, write);
        return output.Written.ToArray();
    }

    private static SettlementFigures Figures() => new()
    {
        MedfeeSumamt = Money.FromFen(40_245),
        FulamtOwnpayAmt = Money.FromFen(4_000),
        PreselfpayAmt = Money.FromFen(1_625),
        InscpScpAmt = Money.FromFen(34_620),
        ActPayDedc = Money.FromFen(11_600),
        PoolPropSelfpay = Ratio.FromBps(5_500),
        HifpPay = Money.FromFen(12_661),
        FundPaySumamt = Money.FromFen(12_661),
        PsnPartAmt = Money.FromFen(27_584),
        PsnCashPay = Money.FromFen(27_584),
        FilingCategory = FilingCategory.LongTermReside,
        Year = 2025,
    };

    /// <summary>An IBufferWriter over one array allocated in setup: the benchmark measures the codec only.</summary>
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
