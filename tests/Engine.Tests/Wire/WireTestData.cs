using System.Buffers;
using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.Reference;
using MessagePack;

namespace Engine.Tests.Wire;

/// <summary>Realistic bodies of every message type, plus helpers to build frames and split sequences.</summary>
internal static class WireTestData
{
    public const string InstitutionCode = "H31011800001";

    /// <summary>85 three-byte characters and one ASCII: exactly 256 UTF-8 bytes.</summary>
    public static readonly string MaxString = new string('医', 85) + "A";

    public static readonly DateTime At = new(2025, 6, 1, 9, 30, 0);

    public static byte[] Bytes(int count, int start) => [.. Enumerable.Range(start, count).Select(i => (byte)i)];

    public static FrameMac SessionMac() => new(Bytes(FrameMac.KeyBytes, 0x40));

    public static SettleRequest Settle() => new("MSG-20250601-0001", InstitutionCode, "V0000000000000017", true, At);

    public static RegisterRequest Register() =>
        new("MSG-20250601-0000", InstitutionCode, "36010000000000000001", MedType.Chronic, "M01600", true, At);

    public static UploadFeesRequest UploadFees() => new(
        "MSG-20250601-0002", InstitutionCode, "V0000000000000017", "B001", At,
        [
            new FeeLine(1, "XA01", Quantity.FromDecimal(1m), Quantity.FromDecimal(25m), Money.FromFen(2_500)),
            new FeeLine(2, "XB01", Quantity.FromDecimal(0.5m), Quantity.FromDecimal(12.35m), Money.FromFen(618)),
            new FeeLine(3, MaxString, Quantity.FromTenThousandths(Quantity.TenThousandthsMax),
                Quantity.FromTenThousandths(0), Money.FromFen(Money.FenMax)),
        ]);

    public static SettlementFigures Figures() => new()
    {
        MedfeeSumamt = Money.FromFen(40_245),
        FulamtOwnpayAmt = Money.FromFen(4_000),
        OverlmtSelfpay = Money.Zero,
        PreselfpayAmt = Money.FromFen(1_625),
        InscpScpAmt = Money.FromFen(34_620),
        ActPayDedc = Money.FromFen(11_600),
        PoolPropSelfpay = Ratio.FromBps(5_500),
        HifpPay = Money.FromFen(12_661),
        CvlservPay = Money.Zero,
        FundPaySumamt = Money.FromFen(12_661),
        PsnPartAmt = Money.FromFen(27_584),
        AcctPay = Money.Zero,
        PsnCashPay = Money.FromFen(27_584),
        Balc = Money.Zero,
        FilingCategory = FilingCategory.LongTermReside,
        Year = 2025,
    };

    public static TransactionReply SettleReply() =>
        TransactionReply.Ok with { SettlementId = "S0000000000000009", Settlement = Figures() };

    public static TransactionReply FullReply() => new()
    {
        Status = SettlementStatus.Ok,
        Message = MaxString,
        VisitId = "V0000000000000017",
        SettlementId = "S0000000000000009",
        Settlement = Figures().Negated(Money.FromFen(35_400)),
        Lines =
        [
            new LineResult(1, CatalogGrade.A, Money.Zero, Money.Zero, Money.Zero, Money.FromFen(2_500)),
            new LineResult(2, CatalogGrade.B, Money.Zero, Money.FromFen(882), Money.FromFen(62), Money.FromFen(556)),
        ],
        Person = new PersonFigures(Money.FromFen(35_400),
            [new AccumulatorFigures(2025, "GEN_OTP", Money.FromFen(30_000), Money.FromFen(70_400), Money.Zero)]),
        Reconciliation = new ReconciliationFigures(true, 3, Money.FromFen(11_500), Money.FromFen(-400), Money.Zero),
    };

    public static ReferenceData ReferenceChunk() => new(
        [
            new Region("360000", "江西省", null, null),
            new Region("360100", "南昌市", "360000", new RegionSettings
            {
                Unfiled = UnfiledPolicy.Reject,
                ReductionMode = ReductionMode.ExtraPreSelfPay,
                ReductionReferral = Ratio.FromBps(1_000),
                ReductionEmergency = Ratio.FromBps(1_500),
                ReductionOther = Ratio.FromBps(2_000),
                CivilServantRatio = Ratio.Zero,
                InProvinceNoFiling = false,
            }),
        ],
        [["310118", "320509", "330421"], []],
        [
            new BenefitRule("360100", InsuranceType.Employee, MedType.General, null, PersonGroup.Active,
                new DateOnly(2025, 1, 1), null, Money.FromFen(30_000), Ratio.FromBps(6_500), Ratio.FromBps(6_000),
                Ratio.FromBps(5_500), Money.FromFen(200_000)),
            new BenefitRule("360100", InsuranceType.Resident, MedType.Chronic, "M01600", PersonGroup.Any,
                new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), Money.Zero, null, null, Ratio.One, null),
        ],
        [
            new CatalogEntry("310000", "XA01", "诊查费", CatalogGrade.A, Ratio.Zero, null),
            new CatalogEntry("310000", "XB01", "乙类药", CatalogGrade.B, Ratio.FromBps(1_000), Money.FromFen(1_250)),
        ],
        [new Institution(InstitutionCode, "青浦区中心医院", "310118", 3, true, true)],
        [
            new PersonSeed(
                new PersonProfile("36010000000000000001", "张三", "360100", InsuranceType.Employee,
                    PersonGroup.Active, false, PersonStatus.Active,
                    [new Filing(FilingType.LongTermReside, "310000", new DateOnly(2025, 1, 1), null)],
                    [new ChronicQualification("M01600", new DateOnly(2025, 1, 1), new DateOnly(2026, 6, 30))]),
                Money.FromFen(50_000),
                [new AccumulatorFigures(2025, "GEN_OTP", Money.FromFen(18_400), Money.Zero, Money.Zero)]),
            new PersonSeed(
                new PersonProfile("36010000000000000002", MaxString, "360100", InsuranceType.Resident,
                    PersonGroup.Resident, true, PersonStatus.Suspended, [], []),
                Money.Zero, []),
        ]);

    /// <summary>Encodes a body with a codec writer.</summary>
    public static byte[] Body<T>(T value, BodyWriter<T> write) => MessageCodec.Encode(value, write);

    /// <summary>A whole frame as bytes.</summary>
    public static byte[] Frame(
        MessageType type, ulong correlationId, FrameFlags flags, FrameMac? mac, ReadOnlySpan<byte> body)
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(output, type, correlationId, flags, mac, body);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>A frame with a hand-made header: no checks, for the negative tests.</summary>
    public static byte[] RawFrame(FrameHeader header, ReadOnlySpan<byte> bodyAndTrailer)
    {
        var frame = new byte[FrameHeader.Bytes + bodyAndTrailer.Length];
        header.Write(frame);
        bodyAndTrailer.CopyTo(frame.AsSpan(FrameHeader.Bytes));
        return frame;
    }

    /// <summary>The bytes as a sequence cut at each of <paramref name="cuts"/> (ascending offsets).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        if (cuts.Length == 0) return new ReadOnlySequence<byte>(data);
        var bounds = cuts.Prepend(0).Append(data.Length).ToArray();
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            // Each segment gets its own array, as pipe buffers do.
            var piece = data.AsSpan(bounds[i], bounds[i + 1] - bounds[i]).ToArray();
            last = last is null ? first = new Segment(piece, 0) : last.Append(piece);
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>Reads a body with a codec reader through
    /// <see cref="MessageCodec.Decode{T}(in ReadOnlySequence{byte}, BodyReader{T})"/>.</summary>
    public static T Decode<T>(byte[] body, BodyReader<T> read) =>
        MessageCodec.Decode(new ReadOnlySequence<byte>(body), read);

    public static T Decode<T>(byte[] body, BodyReader<string, T> read) =>
        MessageCodec.Decode(new ReadOnlySequence<byte>(body), InstitutionCode, read);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>A MessagePack writer over a fresh buffer, for hand-built hostile bodies.</summary>
    public static byte[] Raw(BodyWriter<int> write)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        write(ref writer, 0);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }
}
