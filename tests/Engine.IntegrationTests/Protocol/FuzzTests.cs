using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.IntegrationTests.Infrastructure;
using MessagePack;

namespace Engine.IntegrationTests.Protocol;

/// <summary>
/// Goal: nothing a client sends can break the silo. 100,000 random and mutated frames — signed garbage bodies
/// (an authenticated but broken terminal), random type numbers, flipped bytes after signing — are thrown at the
/// gateway over several connections (reconnecting whenever the server closes one); afterwards a fresh terminal
/// settles a visit with the right figures and the process has not grown without bound.
/// </summary>
public sealed class FuzzTests
{
    private const int FramesTotal = 100_000;
    private const int Connections = 8;
    private static readonly MessageType[] Types = [.. Enum.GetValues<MessageType>()];

    [Fact]
    public async Task Gateway_100000RandomAndMutatedFrames_SiloStillSettlesCorrectly()
    {
        await using var silo = await EngineSilo.StartAsync();
        await silo.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 24)); // The fuzzer touches 0–19.
        var memoryBefore = Process.GetCurrentProcess().WorkingSet64;
        var sent = 0;
        var closes = 0;

        await Task.WhenAll(Enumerable.Range(0, Connections).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            var terminal = await RawTerminal.SignInAsync(silo.Endpoint, SyntheticReference.Institution);
            while (Interlocked.Increment(ref sent) <= FramesTotal)
            {
                var (frame, mutated) = RandomFrame(random, terminal.Mac!);
                var open = await SendAndReadAnswerAsync(terminal, frame, mutated);
                if (open) continue;
                // The server closed this connection (or a mutated frame may leave it waiting): sign in again.
                terminal.Dispose();
                Interlocked.Increment(ref closes);
                terminal = await RawTerminal.SignInAsync(silo.Endpoint, SyntheticReference.Institution);
            }
            terminal.Dispose();
        })));

        Assert.True(sent >= FramesTotal);
        Assert.True(closes > 0, "no frame was ever rejected: the fuzzer is not fuzzing");
        await AssertStillSettlesAsync(silo);
        GC.Collect();
        var grownBytes = Process.GetCurrentProcess().WorkingSet64 - memoryBefore;
        Assert.True(grownBytes < 512L * 1024 * 1024, $"working set grew by {grownBytes / 1024 / 1024} MiB");
    }

    /// <summary>
    /// Sends one frame and reads the server's answer. Returns false when the connection is done: the server sent
    /// an Error and closed, or closed outright, or the frame was mutated after signing (its effect on framing is
    /// unknowable, so the connection is abandoned rather than waited on).
    /// </summary>
    private static async Task<bool> SendAndReadAnswerAsync(RawTerminal terminal, byte[] frame, bool mutated)
    {
        try
        {
            terminal.SendBytes(frame);
            if (mutated) return false;
            var (header, _) = await terminal.ReceiveAsync();
            return header.Type != MessageType.Error;
        }
        catch (Exception exception) when (exception is SocketException or EndOfStreamException or ProtocolViolationException)
        {
            return false;
        }
    }

    private static (byte[] Frame, bool Mutated) RandomFrame(Random random, FrameMac mac)
    {
        var output = new ArrayBufferWriter<byte>();
        var correlation = (ulong)random.NextInt64(1, long.MaxValue);
        if (random.Next(2) == 0)
        {
            WriteRandomBusiness(random, output, correlation, mac); // Well-formed, random values: answered, kept open.
        }
        else
        {
            var type = random.Next(10) == 0 ? (MessageType)random.Next(0, 0x10000) : Types[random.Next(Types.Length)];
            FrameWriter.WriteFrame(output, type, correlation, 0, mac, RandomBody(random));
        }
        var frame = output.WrittenSpan.ToArray();
        var mutated = random.Next(20) == 0;
        if (mutated) frame[random.Next(frame.Length)] ^= (byte)random.Next(1, 256); // After signing.
        return (frame, mutated);
    }

    private static void WriteRandomBusiness(Random random, ArrayBufferWriter<byte> output, ulong correlation, FrameMac mac)
    {
        var institution = SyntheticReference.Institution;
        var at = new DateTime(2025, 6, 1, 9, 0, 0).AddMinutes(random.Next(-100_000, 100_000));
        var msgId = "F" + random.Next(0, 5_000);
        var visit = SyntheticReference.PsnNo(random.Next(16)) + "-V" + random.Next(0, 50);
        switch (random.Next(5))
        {
            case 0:
                FrameWriter.WriteFrame(output, MessageType.Register, correlation, 0, mac, new RegisterRequest(msgId,
                    institution, SyntheticReference.PsnNo(random.Next(20)), (MedType)random.Next(0, 16), null,
                    random.Next(2) == 0, at), MessageCodec.Write);
                break;
            case 1:
                FrameWriter.WriteFrame(output, MessageType.UploadFees, correlation, 0, mac, new UploadFeesRequest(msgId,
                    institution, visit, "B" + random.Next(3), at, SyntheticReference.Lines), MessageCodec.Write);
                break;
            case 2:
                FrameWriter.WriteFrame(output, MessageType.Settle, correlation, 0, mac,
                    new SettleRequest(msgId, institution, visit, random.Next(2) == 0, at), MessageCodec.Write);
                break;
            case 3:
                FrameWriter.WriteFrame(output, MessageType.Reverse, correlation, 0, mac, new ReverseRequest(msgId,
                    institution, "F" + random.Next(0, 5_000), "settle", at), MessageCodec.Write);
                break;
            default:
                FrameWriter.WriteFrame(output, MessageType.PersonInfo, correlation, 0, mac,
                    new PersonInfoRequest(institution, SyntheticReference.PsnNo(random.Next(20)), 2025), MessageCodec.Write);
                break;
        }
    }

    /// <summary>Valid MessagePack of a random shape (often the right arity with wrong types), or plain noise.</summary>
    private static byte[] RandomBody(Random random)
    {
        if (random.Next(4) == 0) return RandomBytes(random, random.Next(0, 48));
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        WriteRandomValue(ref writer, random, depth: 0);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRandomValue(ref MessagePackWriter writer, Random random, int depth)
    {
        switch (random.Next(depth > 3 ? 5 : 7))
        {
            case 0: writer.WriteNil(); break;
            case 1: writer.Write(random.NextInt64(-1_000_000, 30_000_000_000_000)); break;
            case 2: writer.Write(new string('x', random.Next(0, 40))); break;
            case 3: writer.Write(random.Next(2) == 0); break;
            case 4: writer.Write(RandomBytes(random, random.Next(0, 20))); break;
            default:
                var count = random.Next(0, 12);
                writer.WriteArrayHeader(count);
                for (var i = 0; i < count; i++) WriteRandomValue(ref writer, random, depth + 1);
                break;
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static async Task AssertStillSettlesAsync(EngineSilo silo)
    {
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, SyntheticReference.Institution);
        var registered = await GatewayTests.CallAsync(terminal, MessageType.Register,
            GatewayTests.Register("FUZZ-R", SyntheticReference.Institution, person: 23), MessageCodec.Write);
        Assert.True(registered.IsOk, registered.Status.ToString());
        await GatewayTests.CallAsync(terminal, MessageType.UploadFees,
            GatewayTests.Upload("FUZZ-U", SyntheticReference.Institution, registered.VisitId!), MessageCodec.Write);
        var settled = await GatewayTests.CallAsync(terminal, MessageType.Settle, new SettleRequest(
            "FUZZ-S", SyntheticReference.Institution, registered.VisitId!, false, new DateTime(2025, 6, 1, 9, 0, 0)),
            MessageCodec.Write);

        // 200.00 甲类 + 200.00 乙类 (10% first self-pay): in scope 380.00, deductible 300.00, 55% of 80.00 = 44.00.
        Assert.Equal(SettlementStatus.Ok, settled.Status);
        Assert.Equal(38_000, settled.Settlement!.InscpScpAmt.Fen);
        Assert.Equal(30_000, settled.Settlement.ActPayDedc.Fen);
        Assert.Equal(4_400, settled.Settlement.HifpPay.Fen);
    }
}
