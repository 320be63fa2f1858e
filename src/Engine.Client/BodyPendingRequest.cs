using System.Buffers;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>A request whose body and reply are MessagePack values.</summary>
internal sealed class BodyPendingRequest<TRequest, TReply>(
    MessageType type, TRequest request, BodyWriter<TRequest> write, BodyReader<TReply> read)
    : PendingRequest<TReply>(type, holdsSlot: true)
{
    protected override void WriteFrame(IBufferWriter<byte> output, FrameMac mac) =>
        FrameWriter.WriteFrame(output, Type, CorrelationId, FrameFlags.None, mac, request, write);

    protected override TReply Read(in ReadOnlySequence<byte> body) => MessageCodec.Decode(body, read);
}
