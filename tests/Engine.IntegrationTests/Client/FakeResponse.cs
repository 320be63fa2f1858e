using System.Buffers;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;

namespace Engine.IntegrationTests.Client;

/// <summary>What the fake engine does with one request.</summary>
internal abstract record FakeResponse
{
    /// <summary>Never answer (the engine lost the reply).</summary>
    public static FakeResponse None { get; } = new NoReply();

    /// <summary>Close the connection without answering.</summary>
    public static FakeResponse Drop { get; } = new DropConnection();

    /// <summary>Answer with a TransactionReply.</summary>
    public static FakeResponse Reply(TransactionReply reply) => Body(reply, MessageCodec.Write);

    /// <summary>Answer with any body.</summary>
    public static FakeResponse Body<T>(T value, BodyWriter<T> write) =>
        new Frame((output, type, correlationId, mac) =>
            FrameWriter.WriteFrame(output, type, correlationId, FrameFlags.Reply, mac, value, write));

    /// <summary>Answer with raw bytes.</summary>
    public static FakeResponse Raw(byte[] body) =>
        new Frame((output, type, correlationId, mac) =>
            FrameWriter.WriteFrame(output, type, correlationId, FrameFlags.Reply, mac, body));

    /// <summary>Answer with an Error frame on the request's correlation id.</summary>
    public static FakeResponse Error(ProtocolViolationReason reason, string message) =>
        new Frame((output, _, correlationId, mac) => FrameWriter.WriteFrame(output, MessageType.Error, correlationId,
            FrameFlags.Reply, mac, new ErrorBody((ushort)reason, message), MessageCodec.Write));

    /// <summary>Do <paramref name="then"/> after <paramref name="delayMs"/>.</summary>
    public static FakeResponse Delayed(int delayMs, FakeResponse then) => new Delay(delayMs, then);

    /// <summary>Answer twice with the same frame (a duplicated reply).</summary>
    public static FakeResponse Twice(FakeResponse frame) =>
        frame is Frame once ? new Frame((output, type, correlationId, mac) =>
        {
            once.Write(output, type, correlationId, mac);
            once.Write(output, type, correlationId, mac);
        }) : throw new ArgumentException("Only a frame can be sent twice.", nameof(frame));

    internal sealed record NoReply : FakeResponse;

    internal sealed record DropConnection : FakeResponse;

    internal sealed record Delay(int DelayMs, FakeResponse Then) : FakeResponse;

    internal sealed record Frame(Action<IBufferWriter<byte>, MessageType, ulong, FrameMac> Write) : FakeResponse;
}
