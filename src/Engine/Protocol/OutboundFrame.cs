using Engine.Contracts.Wire;

namespace Engine.Protocol;

/// <summary>
/// A frame waiting for the connection's writer loop: its header fields, the MAC to sign it with (null before
/// sign-in; the frame writer sets the MAC flag from it), and a body writer bound to its value. Writing happens on one loop so that replies completed by
/// concurrent grain calls are batched into one flush.
/// </summary>
internal readonly record struct OutboundFrame(
    MessageType Type, ulong CorrelationId, FrameMac? Mac, Action<System.Buffers.IBufferWriter<byte>, OutboundFrame> Write,
    object? Body)
{
    /// <summary>Writes a frame whose body is <typeparamref name="T"/> with <paramref name="codec"/>.</summary>
    public static OutboundFrame Of<T>(MessageType type, ulong correlationId, FrameMac? mac, T body, BodyWriter<T> codec) =>
        new(type, correlationId, mac, (output, frame) => FrameWriter.WriteFrame(
            output, frame.Type, frame.CorrelationId, FrameFlags.Reply, frame.Mac, (T)frame.Body!, codec), body);

    /// <summary>Writes a frame whose body is the given bytes (echo, heartbeat).</summary>
    public static OutboundFrame Raw(MessageType type, ulong correlationId, FrameMac? mac, byte[] body) =>
        new(type, correlationId, mac, (output, frame) => FrameWriter.WriteFrame(
            output, frame.Type, frame.CorrelationId, FrameFlags.Reply, frame.Mac, (byte[])frame.Body!), body);
}
