using System.Buffers;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>An Echo: the reply must be the payload unchanged; the result is its length in bytes.</summary>
internal sealed class EchoPendingRequest(ReadOnlyMemory<byte> payload)
    : PendingRequest<int>(MessageType.Echo, holdsSlot: true)
{
    protected override void WriteFrame(IBufferWriter<byte> output, FrameMac mac) =>
        FrameWriter.WriteFrame(output, Type, CorrelationId, FrameFlags.None, mac, payload.Span);

    protected override int Read(in ReadOnlySequence<byte> body)
    {
        if (body.Length != payload.Length || !SequenceEquals(body, payload.Span))
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody, "the echo differs from what was sent.");
        }
        return payload.Length;
    }

    private static bool SequenceEquals(in ReadOnlySequence<byte> body, ReadOnlySpan<byte> expected)
    {
        if (body.IsSingleSegment) return body.FirstSpan.SequenceEqual(expected);
        var offset = 0;
        foreach (var segment in body)
        {
            if (!segment.Span.SequenceEqual(expected.Slice(offset, segment.Length))) return false;
            offset += segment.Length;
        }
        return true;
    }
}
