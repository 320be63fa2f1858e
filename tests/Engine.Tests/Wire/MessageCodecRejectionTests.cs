using System.Buffers;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using MessagePack;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

/// <summary>Hostile or broken bodies end in <see cref="ProtocolViolationException"/> with a precise reason.</summary>
public sealed class MessageCodecRejectionTests
{
    [Fact]
    public void Decode_EveryTruncationOfEveryBody_ThrowsMalformedBody()
    {
        foreach (var (name, body, decode) in AllBodies())
        {
            for (var length = 0; length < body.Length; length++)
            {
                var violation = Assert.Throws<ProtocolViolationException>(() => decode(body[..length]));
                Assert.True(violation.Reason == ProtocolViolationReason.MalformedBody,
                    $"{name} cut at {length}: {violation.Reason}");
            }
        }
    }

    [Fact]
    public void Decode_TrailingByte_ThrowsMalformedBody()
    {
        foreach (var (name, body, decode) in AllBodies())
        {
            var violation = Assert.Throws<ProtocolViolationException>(() => decode([.. body, 0xc0]));
            Assert.True(violation.Reason == ProtocolViolationReason.MalformedBody, name);
        }
    }

    [Fact]
    public void Decode_MissingPosition_ThrowsMalformedBody()
    {
        // 2207 with three positions instead of four.
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(3);
            w.Write("M1");
            w.Write("V1");
            w.Write(true);
        });

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadSettleRequest));
    }

    [Fact]
    public void Decode_ExtraPosition_ThrowsMalformedBody()
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(5);
            w.Write("M1");
            w.Write("V1");
            w.Write(true);
            w.Write(20250601093000L);
            w.WriteNil();
        });

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadSettleRequest));
    }

    [Theory]
    [InlineData("nil msgId")]
    [InlineData("int msgId")]
    [InlineData("bin msgId")]
    [InlineData("string useAccount")]
    [InlineData("impossible at")]
    [InlineData("float at")]
    [InlineData("map body")]
    [InlineData("invalid utf-8")]
    public void Decode_WrongTypeOrValue_ThrowsMalformedBody(string fault)
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            if (fault == "map body")
            {
                w.WriteMapHeader(1);
                w.Write("msgId");
                w.Write("M1");
                return;
            }
            w.WriteArrayHeader(4);
            switch (fault)
            {
                case "nil msgId": w.WriteNil(); break;
                case "int msgId": w.Write(1); break;
                case "bin msgId": w.Write("M1"u8.ToArray()); break;
                case "invalid utf-8": w.WriteString([0xc3, 0x28]); break;
                default: w.Write("M1"); break;
            }
            w.Write("V1");
            if (fault == "string useAccount") w.Write("true");
            else w.Write(true);
            if (fault == "impossible at") w.Write(20250230093000L);
            else if (fault == "float at") w.Write(20250601093000d);
            else w.Write(20250601093000L);
        });

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadSettleRequest));
    }

    [Fact]
    public void Decode_NestingDeeperThan16_ThrowsBodyTooDeep()
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            for (var depth = 0; depth < ProtocolLimits.BodyDepthMax + 1; depth++) w.WriteArrayHeader(1);
            w.WriteNil();
        });

        AssertReason(ProtocolViolationReason.BodyTooDeep, body, b => Decode(b, MessageCodec.ReadReferenceData));
    }

    [Fact]
    public void Decode_NestingOf16_IsNotTooDeepButStillMalformed()
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            for (var depth = 0; depth < ProtocolLimits.BodyDepthMax; depth++) w.WriteArrayHeader(1);
            w.WriteNil();
        });

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadReferenceData));
    }

    [Fact]
    public void Decode_HugeArrayHeaderWithNoElements_ThrowsBodyTooLarge()
    {
        // Array32 claiming 2^31 − 1 elements in a 5-byte body: rejected without allocating anything for it.
        byte[] body = [0xdd, 0x7f, 0xff, 0xff, 0xff];

        AssertReason(ProtocolViolationReason.BodyTooLarge, body, b => Decode(b, MessageCodec.ReadClearingLines));
    }

    [Fact]
    public void Decode_NegativeArray32Length_ThrowsBodyTooLarge()
    {
        byte[] body = [0xdd, 0xff, 0xff, 0xff, 0xff];

        AssertReason(ProtocolViolationReason.BodyTooLarge, body, b => Decode(b, MessageCodec.ReadClearingLines));
    }

    [Fact]
    public void Decode_FeeLinesOverTheBatchLimit_ThrowsBodyTooLarge()
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(5);
            w.Write("M1");
            w.Write("V1");
            w.Write("B1");
            w.Write(20250601093000L);
            w.WriteArrayHeader(ProtocolLimits.FeeLinesPerBatchMax + 1);
            for (var i = 0; i <= ProtocolLimits.FeeLinesPerBatchMax; i++) w.WriteNil();
        });

        AssertReason(ProtocolViolationReason.BodyTooLarge, body, b => Decode(b, MessageCodec.ReadUploadFeesRequest));
    }

    [Fact]
    public void Decode_StringOver256Bytes_ThrowsBodyTooLarge()
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(2);
            w.Write(MaxString + "x");
            w.Write(1);
        });

        AssertReason(ProtocolViolationReason.BodyTooLarge, body, b => Decode(b, MessageCodec.ReadPing));
    }

    [Fact]
    public void ReadWithoutDecode_StringOver256Bytes_StillThrowsBodyTooLarge()
    {
        // The typed readers enforce the limits on their own, without the scanner in front.
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(2);
            w.Write(MaxString + "x");
            w.Write(1);
        });

        var violation = Assert.Throws<ProtocolViolationException>(() =>
        {
            var reader = new MessagePackReader(body);
            MessageCodec.ReadPing(ref reader);
        });
        Assert.Equal(ProtocolViolationReason.BodyTooLarge, violation.Reason);
    }

    [Fact]
    public void Decode_BinaryOverTheLimit_ThrowsBodyTooLarge()
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(1);
            w.Write(new byte[ProtocolLimits.BinaryBytesMax + 1]);
        });

        AssertReason(ProtocolViolationReason.BodyTooLarge, body, b => Decode(b, MessageCodec.ReadProof));
    }

    [Fact]
    public void Decode_NonceOfWrongLength_ThrowsMalformedBody()
    {
        var body = Body(new ChallengeBody(Bytes(16, 0)), MessageCodec.Write);
        body[2] = 15; // bin8 length 16 → 15, one byte left over.

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadChallenge));
    }

    [Theory]
    [InlineData("")]
    [InlineData("H1\0")]
    public void Decode_HelloWithBadIdentity_ThrowsMalformedBody(string institution)
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(3);
            w.Write(institution);
            w.Write("T01");
            w.Write(Bytes(16, 0));
        });

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadHello));
    }

    [Theory]
    [InlineData(100_000_000_000_001L)]
    [InlineData(long.MinValue)]
    public void Decode_MoneyBeyondFenMax_ThrowsMalformedBody(long fen)
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(6);
            w.Write("H1");
            w.Write(20250601);
            w.Write(1);
            w.Write(fen);
            w.Write(0);
            w.Write(0);
        });

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadReconcileAny));
    }

    [Fact]
    public void Decode_IntegerTooBigForItsField_ThrowsMalformedBody()
    {
        var body = Raw((ref MessagePackWriter w, int _) =>
        {
            w.WriteArrayHeader(2);
            w.Write("P1");
            w.Write(1L << 40); // year is int32
        });

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadPersonInfoRequest));
    }

    [Fact]
    public void Decode_ReferenceEnumNotInTheList_ThrowsMalformedBody()
    {
        var reference = ReferenceChunk();
        var body = Body(reference with { Persons = [], Policies = [reference.Policies[0]] }, MessageCodec.Write);
        var index = body.AsSpan().IndexOf(new byte[] { 0xcd, 0x01, 0x36 }); // insuranceType 310 as uint16
        Assert.True(index > 0);
        body[index + 2] = 0x37; // 0x0137 = 311

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadReferenceData));
    }

    [Fact]
    public void Decode_ExtensionType_ThrowsMalformedBody()
    {
        byte[] body = [0x91, 0xd4, 0x01, 0x00]; // [fixext1]

        AssertReason(ProtocolViolationReason.MalformedBody, body, b => Decode(b, MessageCodec.ReadPingReply));
    }

    private static void AssertReason(ProtocolViolationReason reason, byte[] body, Action<byte[]> decode)
    {
        var violation = Assert.Throws<ProtocolViolationException>(() => decode(body));
        Assert.Equal(reason, violation.Reason);
    }

    private static IEnumerable<(string Name, byte[] Body, Action<byte[]> Decode)> AllBodies()
    {
        yield return ("Hello", Body(new HelloBody(InstitutionCode, "T01", Bytes(16, 0)), MessageCodec.Write),
            b => Decode(b, MessageCodec.ReadHello));
        yield return ("Welcome", Body(new WelcomeBody(Bytes(32, 0), 256, 60_000, 15_000), MessageCodec.Write),
            b => Decode(b, MessageCodec.ReadWelcome));
        yield return ("Error", Body(new ErrorBody(6, "x"), MessageCodec.Write), b => Decode(b, MessageCodec.ReadError));
        yield return ("Register", Body(Register(), MessageCodec.Write),
            b => Decode(b, MessageCodec.ReadRegisterRequest));
        yield return ("UploadFees", Body(UploadFees(), MessageCodec.Write),
            b => Decode(b, MessageCodec.ReadUploadFeesRequest));
        yield return ("Settle", Body(Settle(), MessageCodec.Write), b => Decode(b, MessageCodec.ReadSettleRequest));
        yield return ("Reply", Body(FullReply(), MessageCodec.Write),
            b => Decode(b, MessageCodec.ReadTransactionReply));
        yield return ("Reference", Body(ReferenceChunk(), MessageCodec.Write),
            b => Decode(b, MessageCodec.ReadReferenceData));
        yield return ("Clearing", Body(new ClearingRequestBody(2025, 6), MessageCodec.Write),
            b => Decode(b, MessageCodec.ReadClearingRequest));
        yield return ("ClearingLines", Body<System.Collections.Immutable.ImmutableArray<ClearingLine>>(
            [new ClearingLine("360100", "310118", 3, default, default, default, default)], MessageCodec.Write),
            b => Decode(b, MessageCodec.ReadClearingLines));
    }
}
