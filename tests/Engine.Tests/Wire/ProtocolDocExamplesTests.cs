using System.Text;
using Engine.Contracts.Wire;
using Xunit.Abstractions;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

/// <summary>
/// Goal: the hex examples of docs/protocol.md §15 are what the real codec produces. Each example is rendered here
/// and must appear verbatim in the document; the test output prints them all for pasting after a change.
/// </summary>
public sealed class ProtocolDocExamplesTests(ITestOutputHelper output)
{
    public const string Secret = "H31011800001-secret";
    public const string Terminal = "T01";

    private static readonly byte[] ClientNonce = Bytes(Handshake.NonceBytes, 0x00);
    private static readonly byte[] ServerNonce = Bytes(Handshake.NonceBytes, 0x10);

    [Fact]
    public void ProtocolDoc_ContainsEveryExampleExactly()
    {
        var examples = Examples();
        output.WriteLine(string.Join(Environment.NewLine, examples.Select(e => $"### {e.Name}\n```\n{e.Text}\n```")));
        var document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "protocol.md"));

        foreach (var (name, text) in examples)
        {
            Assert.True(document.Contains(text, StringComparison.Ordinal),
                $"docs/protocol.md lacks the example {name}.");
        }
    }

    [Fact]
    public void Examples_ReadBackAsTheDocumentSays()
    {
        // The client side of the worked example: the server's frames decode and verify with the derived key.
        var secret = Handshake.EncodeSecret(Secret);
        var mac = Handshake.CreateSessionMac(secret, ServerNonce, ClientNonce);
        var reply = new System.Buffers.ReadOnlySequence<byte>(SettleReplyFrame(mac));

        Assert.True(FrameReader.TryReadFrame(ref reply, mac, out var header, out var body));
        var decoded = MessageCodec.Decode(body, MessageCodec.ReadTransactionReply);

        Assert.Equal((MessageType.Settle, 3ul, true), (header.Type, header.CorrelationId, header.IsReply));
        Assert.Equal(SettleReply() with { Lines = [] }, decoded);
        Assert.True(Handshake.VerifyServerProof(secret, ClientNonce, ServerNonce, ServerProof()));
    }

    private static List<(string Name, string Text)> Examples()
    {
        var secret = Handshake.EncodeSecret(Secret);
        var mac = Handshake.CreateSessionMac(secret, ServerNonce, ClientNonce);
        var proof = new byte[Handshake.ProofBytes];
        Handshake.ComputeProof(secret, ServerNonce, ClientNonce, InstitutionCode, Terminal, proof);
        var sessionKey = new byte[FrameMac.KeyBytes];
        Handshake.DeriveSessionKey(secret, ServerNonce, ClientNonce, sessionKey);
        return
        [
            ("client proof", Dump(proof)),
            ("server proof", Dump(ServerProof())),
            ("session key", Dump(sessionKey)),
            ("Hello", Dump(Frame(MessageType.Hello, 1, FrameFlags.None, null,
                Body(new HelloBody(InstitutionCode, Terminal, ClientNonce), MessageCodec.Write)))),
            ("Challenge", Dump(Frame(MessageType.Hello, 1, FrameFlags.Reply, null,
                Body(new ChallengeBody(ServerNonce), MessageCodec.Write)))),
            ("Proof", Dump(Frame(MessageType.Proof, 2, FrameFlags.None, null,
                Body(new ProofBody(proof), MessageCodec.Write)))),
            ("Welcome", Dump(Frame(MessageType.Proof, 2, FrameFlags.Reply, null, Body(
                new WelcomeBody(ServerProof(), ProtocolLimits.InFlightPerConnectionMax, ProtocolLimits.IdleTimeoutMs,
                    ProtocolLimits.HeartbeatIntervalMs), MessageCodec.Write)))),
            ("Settle", Dump(Frame(MessageType.Settle, 3, FrameFlags.None, mac, Body(Settle(), MessageCodec.Write)))),
            ("Settle reply", Dump(SettleReplyFrame(mac))),
            ("Heartbeat", Dump(Frame(MessageType.Heartbeat, 4, FrameFlags.None, mac, []))),
            ("Heartbeat reply", Dump(Frame(MessageType.Heartbeat, 4, FrameFlags.Reply, mac, []))),
            ("Error", Dump(Frame(MessageType.Error, 0, FrameFlags.Reply, null, Body(
                new ErrorBody((ushort)ProtocolViolationReason.UnsupportedVersion, "UNSUPPORTED_VERSION: version 2."),
                MessageCodec.Write)))),
        ];
    }

    private static byte[] SettleReplyFrame(FrameMac mac) =>
        Frame(MessageType.Settle, 3, FrameFlags.Reply, mac, Body(SettleReply(), MessageCodec.Write));

    private static byte[] ServerProof()
    {
        var serverProof = new byte[Handshake.ProofBytes];
        Handshake.ComputeServerProof(Handshake.EncodeSecret(Secret), ClientNonce, ServerNonce, serverProof);
        return serverProof;
    }

    /// <summary>16 bytes a line, lower-case hex, the offset first: "0010: 01 02 …".</summary>
    private static string Dump(byte[] bytes)
    {
        var text = new StringBuilder();
        for (var offset = 0; offset < bytes.Length; offset += 16)
        {
            if (offset > 0) text.Append('\n');
            text.Append(offset.ToString("x4", null)).Append(':');
            foreach (var b in bytes.AsSpan(offset, Math.Min(16, bytes.Length - offset)))
            {
                text.Append(' ').Append(b.ToString("x2", null));
            }
        }
        return text.ToString();
    }

    private static string RepositoryRoot()
    {
        var start = new DirectoryInfo(AppContext.BaseDirectory);
        for (var directory = start; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Engine.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Engine.sln not found above " + AppContext.BaseDirectory);
    }
}
