using System.Buffers;
using System.Collections.Immutable;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using MessagePack;
using Xunit.Abstractions;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

/// <summary>
/// Goal: no byte sequence makes the reader or the codec throw anything but <see cref="ProtocolViolationException"/>,
/// hang, or read past a frame. Seeded, so a failure reproduces.
/// </summary>
public sealed class WireFuzzTests(ITestOutputHelper output)
{
    private const int FramesPerStrategy = 2_500;

    [Fact]
    public void ReaderAndCodec_RandomAndMutatedFrames_ThrowOnlyProtocolViolations()
    {
        var random = new Random(20250601);
        var mac = SessionMac();
        var seeds = SeedFrames();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < FramesPerStrategy; i++)
        {
            Feed(RandomBytes(random), null, random, outcomes);
            var (seed, seedMac) = Seed(seeds, random, mac);
            Feed(FlipBytes(seed, random), seedMac, random, outcomes);
            Feed(MutateBody(seed, seedMac, random), seedMac, random, outcomes);
            Feed(Reframe(seed, RandomMessagePack(random), seedMac, random), seedMac, random, outcomes);
            Feed(Reframe(seed, RandomBytes(random), seedMac, random), seedMac, random, outcomes);
        }

        output.WriteLine(string.Join(Environment.NewLine,
            outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        Assert.Equal(5 * FramesPerStrategy, outcomes.Values.Sum());
        Assert.True(outcomes.GetValueOrDefault("decoded") > 100, string.Join(", ", outcomes));
        Assert.True(outcomes.Count(o => o.Key.StartsWith("violation:", StringComparison.Ordinal)) >= 8,
            string.Join(", ", outcomes));
    }

    private static void Feed(byte[] frame, FrameMac? mac, Random random, Dictionary<string, int> outcomes)
    {
        // Cut the input into up to three segments, as a socket would deliver it.
        var cuts = Enumerable.Range(0, random.Next(3)).Select(_ => random.Next(frame.Length + 1))
            .Where(c => c > 0 && c < frame.Length).Distinct().Order().ToArray();
        var buffer = Split(frame, cuts);
        string outcome;
        try
        {
            outcome = "incomplete";
            while (FrameReader.TryReadFrame(ref buffer, mac, out var header, out var body))
            {
                Assert.True(body.Length <= ProtocolLimits.FrameBytesMax);
                DecodeBody(header, body);
                outcome = "decoded";
            }
        }
        catch (ProtocolViolationException violation)
        {
            Assert.True(Enum.IsDefined(violation.Reason));
            outcome = "violation:" + violation.Reason;
        }
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
    }

    /// <summary>What a gateway (requests) or a client (replies) would decode for this frame.</summary>
    private static void DecodeBody(FrameHeader header, ReadOnlySequence<byte> body)
    {
        const string institution = InstitutionCode;
        _ = (header.Type, header.IsReply) switch
        {
            (MessageType.Hello, false) => (object)MessageCodec.Decode(body, MessageCodec.ReadHello),
            (MessageType.Hello, true) => MessageCodec.Decode(body, MessageCodec.ReadChallenge),
            (MessageType.Proof, false) => MessageCodec.Decode(body, MessageCodec.ReadProof),
            (MessageType.Proof, true) => MessageCodec.Decode(body, MessageCodec.ReadWelcome),
            (MessageType.Heartbeat, _) => DecodeEmpty(body),
            (MessageType.Error, _) => MessageCodec.Decode(body, MessageCodec.ReadError),
            (MessageType.Echo, _) => body.Length,
            (MessageType.Ping, false) => MessageCodec.Decode(body, MessageCodec.ReadPing),
            (MessageType.Ping, true) => MessageCodec.Decode(body, MessageCodec.ReadPingReply),
            (MessageType.PersonInfo, false) => MessageCodec.Decode(body, institution,
                MessageCodec.ReadPersonInfoRequest),
            (MessageType.Register, false) => MessageCodec.Decode(body, institution, MessageCodec.ReadRegisterRequest),
            (MessageType.CancelRegistration, false) =>
                MessageCodec.Decode(body, institution, MessageCodec.ReadCancelRegistrationRequest),
            (MessageType.UploadFees, false) => MessageCodec.Decode(body, institution,
                MessageCodec.ReadUploadFeesRequest),
            (MessageType.CancelFees, false) => MessageCodec.Decode(body, institution,
                MessageCodec.ReadCancelFeesRequest),
            (MessageType.PreSettle, false) => MessageCodec.Decode(body, institution, MessageCodec.ReadPreSettleRequest),
            (MessageType.Settle, false) => MessageCodec.Decode(body, institution, MessageCodec.ReadSettleRequest),
            (MessageType.CancelSettlement, false) =>
                MessageCodec.Decode(body, institution, MessageCodec.ReadCancelSettlementRequest),
            (MessageType.Reverse, false) => MessageCodec.Decode(body, institution, MessageCodec.ReadReverseRequest),
            (MessageType.Reconcile, false) => MessageCodec.Decode(body, institution, MessageCodec.ReadReconcileRequest),
            (MessageType.ReferenceUpsert, false) => MessageCodec.Decode(body, MessageCodec.ReadReferenceData),
            (MessageType.ReferenceUpsert, true) => MessageCodec.Decode(body, MessageCodec.ReadReferenceUpsertReply),
            (MessageType.Clearing, false) => MessageCodec.Decode(body, MessageCodec.ReadClearingRequest),
            (MessageType.Clearing, true) => MessageCodec.Decode(body, MessageCodec.ReadClearingLines),
            (MessageType.ReconcileAny, false) => MessageCodec.Decode(body, MessageCodec.ReadReconcileAny),
            (_, true) => MessageCodec.Decode(body, MessageCodec.ReadTransactionReply),
            _ => throw new InvalidOperationException($"unhandled {header.Type}"),
        };
    }

    private static long DecodeEmpty(ReadOnlySequence<byte> body)
    {
        MessageCodec.DecodeEmpty(body);
        return body.Length;
    }

    private static List<byte[]> SeedFrames()
    {
        var reference = ReferenceChunk();
        ImmutableArray<ClearingLine> clearing = [new ClearingLine("360100", "310118", 3, default, default, default,
            default)];
        List<(MessageType Type, bool Reply, byte[] Body)> bodies =
        [
            (MessageType.Hello, false, Body(new HelloBody(InstitutionCode, "T01", Bytes(16, 0)), MessageCodec.Write)),
            (MessageType.Hello, true, Body(new ChallengeBody(Bytes(16, 16)), MessageCodec.Write)),
            (MessageType.Proof, false, Body(new ProofBody(Bytes(32, 0)), MessageCodec.Write)),
            (MessageType.Proof, true, Body(new WelcomeBody(Bytes(32, 0), 256, 60_000, 15_000), MessageCodec.Write)),
            (MessageType.Heartbeat, false, []),
            (MessageType.Error, true, Body(new ErrorBody(6, "MALFORMED_BODY"), MessageCodec.Write)),
            (MessageType.Echo, false, Bytes(40, 0)),
            (MessageType.Ping, false, Body(new PingBody("P1", 7), MessageCodec.Write)),
            (MessageType.Ping, true, Body(new PingReplyBody(7), MessageCodec.Write)),
            (MessageType.PersonInfo, false, Body(new PersonInfoRequest(InstitutionCode, "P1", 2025),
                MessageCodec.Write)),
            (MessageType.Register, false, Body(Register(), MessageCodec.Write)),
            (MessageType.CancelRegistration, false,
                Body(new CancelRegistrationRequest("M", InstitutionCode, "V", At), MessageCodec.Write)),
            (MessageType.UploadFees, false, Body(UploadFees(), MessageCodec.Write)),
            (MessageType.CancelFees, false, Body(new CancelFeesRequest("M", InstitutionCode, "V", "B1", At),
                MessageCodec.Write)),
            (MessageType.PreSettle, false, Body(new PreSettleRequest(InstitutionCode, "V", true, At),
                MessageCodec.Write)),
            (MessageType.Settle, false, Body(Settle(), MessageCodec.Write)),
            (MessageType.Settle, true, Body(SettleReply(), MessageCodec.Write)),
            (MessageType.CancelSettlement, false,
                Body(new CancelSettlementRequest("M", InstitutionCode, "S", At), MessageCodec.Write)),
            (MessageType.Reverse, false, Body(new ReverseRequest("M", InstitutionCode, "O", "settle", At),
                MessageCodec.Write)),
            (MessageType.Reconcile, false, Body(new ReconcileRequest(InstitutionCode, new DateOnly(2025, 6, 1), 1,
                default, default, default), MessageCodec.Write)),
            (MessageType.Reconcile, true, Body(FullReply(), MessageCodec.Write)),
            (MessageType.ReferenceUpsert, false, Body(reference, MessageCodec.Write)),
            (MessageType.ReferenceUpsert, true, Body(new ReferenceUpsertReplyBody(3), MessageCodec.Write)),
            (MessageType.Clearing, false, Body(new ClearingRequestBody(2025, 6), MessageCodec.Write)),
            (MessageType.Clearing, true, Body(clearing, MessageCodec.Write)),
            (MessageType.ReconcileAny, false, Body(new ReconcileRequest(InstitutionCode, new DateOnly(2025, 6, 1), 1,
                default, default, default), MessageCodec.WriteReconcileAny)),
        ];
        return [.. bodies.Select(b => Frame(b.Type, 1, b.Reply ? FrameFlags.Reply : FrameFlags.None, null, b.Body))];
    }

    /// <summary>A seed frame, half the time re-sent with a MAC.</summary>
    private static (byte[] Frame, FrameMac? Mac) Seed(List<byte[]> seeds, Random random, FrameMac mac)
    {
        var seed = seeds[random.Next(seeds.Count)];
        if (random.Next(2) == 0) return (seed, null);
        var header = FrameHeader.Read(seed);
        return (Frame(header.Type, header.CorrelationId, header.Flags, mac, seed.AsSpan(FrameHeader.Bytes)), mac);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 120)];
        random.NextBytes(bytes);
        if (bytes.Length >= 6 && random.Next(2) == 0) bytes[4] = 1; // Often a plausible version, to go deeper.
        return bytes;
    }

    private static byte[] FlipBytes(byte[] frame, Random random)
    {
        var copy = (byte[])frame.Clone();
        for (var flips = random.Next(1, 9); flips > 0; flips--) copy[random.Next(copy.Length)] = (byte)random.Next(256);
        return copy;
    }

    /// <summary>Mutates only the body and re-frames it (MAC recomputed), so the codec sees the damage.</summary>
    private static byte[] MutateBody(byte[] frame, FrameMac? mac, Random random)
    {
        var header = FrameHeader.Read(frame);
        var body = frame.AsSpan(FrameHeader.Bytes, header.BodyBytes).ToArray().ToList();
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            var position = body.Count == 0 ? 0 : random.Next(body.Count);
            switch (random.Next(4))
            {
                case 0 when body.Count > 0: body[position] = (byte)random.Next(256); break;
                case 1: body.Insert(position, (byte)random.Next(256)); break;
                case 2 when body.Count > 0: body.RemoveAt(position); break;
                default: body = body.Take(position).ToList(); break;
            }
        }
        return Reframe(frame, [.. body], mac, random);
    }

    private static byte[] Reframe(byte[] frame, byte[] body, FrameMac? mac, Random random)
    {
        var header = FrameHeader.Read(frame);
        var flags = header.Flags & FrameFlags.Reply;
        var reframed = Frame(header.Type, header.CorrelationId, flags, mac, body);
        return random.Next(10) == 0 ? reframed[..random.Next(reframed.Length)] : reframed;
    }

    /// <summary>Structurally valid MessagePack of random shape: nesting up to 20, long arrays and strings.</summary>
    private static byte[] RandomMessagePack(Random random)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        WriteRandom(ref writer, random, depth: 0);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private static void WriteRandom(ref MessagePackWriter writer, Random random, int depth)
    {
        switch (depth > 20 ? random.Next(6) : random.Next(9))
        {
            case 0: writer.WriteNil(); break;
            case 1: writer.Write(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64)); break;
            case 2: writer.Write(random.Next(2) == 0); break;
            case 3: writer.Write(new string('x', random.Next(0, 300))); break;
            case 4: writer.Write(new byte[random.Next(0, 40)]); break;
            case 5: writer.Write(20250601090000L + random.Next(-100, 100)); break;
            case 6: writer.Write(random.NextDouble()); break;
            default:
                var count = random.Next(0, 8);
                writer.WriteArrayHeader(count);
                for (var i = 0; i < count; i++) WriteRandom(ref writer, random, depth + 1);
                break;
        }
    }
}
