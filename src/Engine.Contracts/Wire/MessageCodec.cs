using System.Buffers;
using System.Text;
using MessagePack;

namespace Engine.Contracts.Wire;

/// <summary>
/// Hand-written MessagePack codecs of every frame body (docs/protocol.md §10–§12). A body is one MessagePack
/// array with a fixed number of positions in a fixed order; nothing is attribute-driven, so the bytes are exactly
/// what the documentation says. <c>Write</c> overloads encode; <c>Read…</c> methods decode one body at the
/// reader's position and throw only <see cref="ProtocolViolationException"/> on bad input.
/// <see cref="Decode{T}(in ReadOnlySequence{byte}, BodyReader{T})"/> is the entry point for a whole frame body:
/// it also enforces nesting depth and rejects trailing bytes.
/// </summary>
/// <remarks>
/// Business requests travel without their institution: the connection is bound to the signed-in institution,
/// and the gateway passes it to the <c>Read…</c> method, which puts it in the record. Decoded strings are
/// allocated (they outlive the frame); the framing itself allocates nothing.
/// </remarks>
public static partial class MessageCodec
{
    /// <summary>
    /// Decodes a whole frame body: scans it against the limits of docs/protocol.md §4 (nesting, lengths, one value,
    /// no trailing bytes), then reads it with <paramref name="read"/>, e.g. <c>MessageCodec.ReadHello</c>.
    /// </summary>
    /// <exception cref="ProtocolViolationException">MalformedBody, BodyTooDeep or BodyTooLarge.</exception>
    public static T Decode<T>(in ReadOnlySequence<byte> body, BodyReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        Scan(body);
        var reader = new MessagePackReader(body);
        var value = read(ref reader);
        ThrowIfNotAtEnd(ref reader);
        return value;
    }

    /// <summary>
    /// Decodes a whole body that needs context, e.g. <c>MessageCodec.Decode(body, institution,
    /// MessageCodec.ReadSettleRequest)</c>; otherwise as
    /// <see cref="Decode{T}(in ReadOnlySequence{byte}, BodyReader{T})"/>.
    /// </summary>
    /// <exception cref="ProtocolViolationException">MalformedBody, BodyTooDeep or BodyTooLarge.</exception>
    public static T Decode<TContext, T>(in ReadOnlySequence<byte> body, TContext context, BodyReader<TContext, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        Scan(body);
        var reader = new MessagePackReader(body);
        var value = read(ref reader, context);
        ThrowIfNotAtEnd(ref reader);
        return value;
    }

    /// <summary>Checks the body of a Heartbeat (either way): it must be empty.</summary>
    /// <exception cref="ProtocolViolationException">MalformedBody when the body is not empty.</exception>
    public static void DecodeEmpty(in ReadOnlySequence<byte> body)
    {
        if (!body.IsEmpty)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody,
                $"an empty body expected, {body.Length} bytes.");
        }
    }

    /// <summary>Encodes <paramref name="value"/> with <paramref name="write"/> into a new array (tests, tools,
    /// documentation; the gateway writes frames with <see cref="FrameWriter"/> instead).</summary>
    public static byte[] Encode<T>(T value, BodyWriter<T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        write(ref writer, value);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private static void Scan(in ReadOnlySequence<byte> body)
    {
        try
        {
            BodyScanner.Scan(body);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    private static void ThrowIfNotAtEnd(ref MessagePackReader reader)
    {
        if (!reader.End) ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody, "bytes after the body.");
    }

    /// <summary>The exceptions MessagePackReader and the value types throw on bad bytes; anything else is a
    /// bug.</summary>
    private static bool IsLowLevel(Exception exception) => exception
        is MessagePackSerializationException or EndOfStreamException or OverflowException
        or ArgumentException;

    private static ProtocolViolationException Malformed(Exception exception) =>
        ProtocolViolation.Create(ProtocolViolationReason.MalformedBody, exception.Message, exception);
}
