using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.Protocol;

/// <summary>
/// The terminal gateway over real sockets on loopback: sign-in, isolation of institutions, and the defined
/// reaction to each kind of bad input — one Error frame, then close — with the silo still answering afterwards.
/// </summary>
public sealed class GatewayTests : IAsyncLifetime
{
    private const string HospitalA = SyntheticReference.Institution;
    private const string HospitalB = "H36010200002";
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);
    private EngineSilo silo = null!;

    public async Task InitializeAsync()
    {
        silo = await EngineSilo.StartAsync(new Dictionary<string, string?>
        {
            // Short enough to test, long enough for a sign-in on a loaded 2-core machine.
            ["Engine:HandshakeTimeoutMs"] = "3000",
            ["Engine:IdleTimeoutMs"] = "3000",
        });
        var reference = SyntheticReference.Build(personCount: 4);
        reference = reference with
        {
            Institutions = reference.Institutions.Add(new Engine.Reference.Institution(HospitalB, "B", "360102", 3, true, true)),
        };
        await silo.Api.LoadReferenceAsync(reference);
    }

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task SignIn_RightSecret_WelcomeThenHeartbeatAnswered()
    {
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, HospitalA);

        var (header, body) = await terminal.CallAsync(MessageType.Heartbeat, 0, (ref MessagePack.MessagePackWriter _, int _) => { });

        Assert.Equal(MessageType.Heartbeat, header.Type);
        Assert.True(header.HasMac);
        Assert.Empty(body);
    }

    [Fact]
    public async Task SignIn_WrongSecret_AuthenticationFailedAndClosed()
    {
        using var terminal = await RawTerminal.ConnectAsync(silo.Endpoint);

        var (type, body) = await terminal.TrySignInAsync(HospitalA, "not-the-secret");

        Assert.Equal(ProtocolViolationReason.AuthenticationFailed, ErrorOf(type, body));
        Assert.True(await terminal.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Business_BeforeSignIn_UnexpectedMessageAndClosed()
    {
        using var terminal = await RawTerminal.ConnectAsync(silo.Endpoint);

        var (header, body) = await terminal.CallAsync(MessageType.Register, Register("M1", HospitalA), MessageCodec.Write);

        Assert.Equal(ProtocolViolationReason.UnexpectedMessage, ErrorOf(header.Type, body));
        Assert.True(await terminal.IsClosedByServerAsync());
    }

    [Theory]
    [InlineData(0xFFFF_FFFFu, ProtocolViolationReason.FrameTooLarge)]      // "Negative" as int32.
    [InlineData(0x7FFF_FFFFu, ProtocolViolationReason.FrameTooLarge)]
    [InlineData(2_000_000u, ProtocolViolationReason.FrameTooLarge)]
    [InlineData(3u, ProtocolViolationReason.FrameTooSmall)]
    public async Task Frame_BadLength_ErrorBeforeAnyBodyAndClosed(uint frameBytes, ProtocolViolationReason expected)
    {
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, HospitalA);
        var header = new byte[FrameHeader.Bytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, frameBytes);
        header[4] = FrameHeader.VersionCurrent;
        header[5] = (byte)FrameFlags.Mac;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)MessageType.Settle);

        terminal.SendBytes(header); // The header only: the server must not wait for a body.

        var (replyHeader, body) = await terminal.ReceiveAsync();
        Assert.Equal(expected, ErrorOf(replyHeader.Type, body));
        Assert.True(await terminal.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Frame_UnknownType_UnknownMessageTypeAndClosed()
    {
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, HospitalA);

        var (header, body) = await terminal.CallAsync((MessageType)0x7777, 1,
            (ref MessagePack.MessagePackWriter writer, int value) => writer.Write(value));

        Assert.Equal(ProtocolViolationReason.UnknownMessageType, ErrorOf(header.Type, body));
        Assert.True(await terminal.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Frame_GarbageMessagePack_MalformedBodyAndClosed()
    {
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, HospitalA);

        var (header, body) = await terminal.CallAsync(MessageType.Settle, new byte[] { 0xC1, 0xFF, 0x00, 0x93 },
            (ref MessagePack.MessagePackWriter writer, byte[] raw) => writer.WriteRaw(raw));

        Assert.Equal(ProtocolViolationReason.MalformedBody, ErrorOf(header.Type, body));
        Assert.True(await terminal.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Frame_TamperedMac_MacInvalidAndClosed()
    {
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, HospitalA);
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(output, MessageType.Register, 9, 0, terminal.Mac, Register("M1", HospitalA),
            MessageCodec.Write);
        var frame = output.WrittenSpan.ToArray();
        frame[FrameHeader.Bytes + 3] ^= 0x01; // One bit of the body.

        terminal.SendBytes(frame);

        var (header, body) = await terminal.ReceiveAsync();
        Assert.Equal(ProtocolViolationReason.MacInvalid, ErrorOf(header.Type, body));
        Assert.True(await terminal.IsClosedByServerAsync());
    }

    [Fact]
    public async Task SlowLoris_PartialFrameDribbled_ClosedByIdleTimeout()
    {
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, HospitalA);
        var started = DateTime.UtcNow;

        // One byte of a header every 300 ms for 4.5 s: bytes keep arriving, but the 16-byte header never completes.
        var dribble = Task.Run(async () =>
        {
            for (var i = 0; i < FrameHeader.Bytes - 1; i++)
            {
                try { terminal.SendBytes([0x20]); } catch (System.Net.Sockets.SocketException) { return; }
                await Task.Delay(300);
            }
        });

        Assert.True(await terminal.IsClosedByServerAsync());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4.4), "the dribbling connection was not cut");
        await dribble;
    }

    [Fact]
    public async Task Handshake_NeverCompleted_ClosedByHandshakeTimeout()
    {
        using var terminal = await RawTerminal.ConnectAsync(silo.Endpoint);

        var (header, body) = await terminal.ReceiveAsync();

        Assert.Equal(ProtocolViolationReason.HandshakeTimeout, ErrorOf(header.Type, body));
    }

    [Fact]
    public async Task Institution_B_CannotTouchVisitsSettlementsOrMsgIdsOfA()
    {
        using var a = await RawTerminal.SignInAsync(silo.Endpoint, HospitalA);
        using var b = await RawTerminal.SignInAsync(silo.Endpoint, HospitalB);
        var registered = await CallAsync(a, MessageType.Register, Register("M1", HospitalA), MessageCodec.Write);
        var visit = registered.VisitId!;
        await CallAsync(a, MessageType.UploadFees, Upload("M2", HospitalA, visit), MessageCodec.Write);
        var settled = await CallAsync(a, MessageType.Settle,
            new SettleRequest("M3", HospitalA, visit, false, Day), MessageCodec.Write);

        // B names A's visit and settlement: they do not exist for B.
        Assert.Equal(SettlementStatus.UnknownVisit,
            (await CallAsync(b, MessageType.UploadFees, Upload("X1", HospitalB, visit), MessageCodec.Write)).Status);
        Assert.Equal(SettlementStatus.UnknownVisit, (await CallAsync(b, MessageType.CancelRegistration,
            new CancelRegistrationRequest("X2", HospitalB, visit, Day), MessageCodec.Write)).Status);
        Assert.Equal(SettlementStatus.UnknownSettlement, (await CallAsync(b, MessageType.CancelSettlement,
            new CancelSettlementRequest("X3", HospitalB, settled.SettlementId!, Day), MessageCodec.Write)).Status);
        // B's 2601 of A's msgId reverses nothing of A's: msgIds are per institution.
        Assert.True((await CallAsync(b, MessageType.Reverse,
            new ReverseRequest("X4", HospitalB, "M3", "settle", Day), MessageCodec.Write)).IsOk);
        Assert.Equal(SettlementStatus.Ok, (await CallAsync(a, MessageType.CancelSettlement,
            new CancelSettlementRequest("M4", HospitalA, settled.SettlementId!, Day), MessageCodec.Write)).Status);
    }

    internal static async Task<TransactionReply> CallAsync<T>(RawTerminal terminal, MessageType type, T body,
        BodyWriter<T> codec)
    {
        var (header, replyBody) = await terminal.CallAsync(type, body, codec);
        Assert.Equal(type, header.Type);
        return MessageCodec.Decode(new ReadOnlySequence<byte>(replyBody), MessageCodec.ReadTransactionReply);
    }

    internal static RegisterRequest Register(string msgId, string institution, int person = 0) =>
        new(msgId, institution, SyntheticReference.PsnNo(person), MedType.General, null, false, Day);

    internal static UploadFeesRequest Upload(string msgId, string institution, string visit) =>
        new(msgId, institution, visit, "B1", Day, SyntheticReference.Lines);

    private static ProtocolViolationReason ErrorOf(MessageType type, byte[] body)
    {
        Assert.Equal(MessageType.Error, type);
        return MessageCodec.Decode(new ReadOnlySequence<byte>(body), MessageCodec.ReadError).Reason;
    }
}
