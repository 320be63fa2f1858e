using System.Buffers;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>A Heartbeat: empty both ways; it holds no in-flight slot (the engine does not count it).</summary>
internal sealed class HeartbeatPendingRequest() : PendingRequest<bool>(MessageType.Heartbeat, holdsSlot: false)
{
    protected override void WriteFrame(IBufferWriter<byte> output, FrameMac mac) =>
        FrameWriter.WriteFrame(output, Type, CorrelationId, FrameFlags.None, mac, ReadOnlySpan<byte>.Empty);

    protected override bool Read(in ReadOnlySequence<byte> body)
    {
        MessageCodec.DecodeEmpty(body);
        return true;
    }
}
