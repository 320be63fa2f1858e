using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace Engine.Contracts.Wire;

/// <summary>
/// One allocation-free pass over a body before it is decoded (docs/protocol.md §4): exactly one MessagePack value,
/// nesting at most <see cref="ProtocolLimits.BodyDepthMax"/>, arrays, strings and binaries within their limits,
/// no maps, extensions or floats (the protocol has none). Hostile shapes are rejected here with a precise reason,
/// so the typed readers only ever see bounded input.
/// </summary>
internal static class BodyScanner
{
    /// <summary>Checks <paramref name="body"/>; throws <see cref="ProtocolViolationException"/> on the first
    /// fault.</summary>
    public static void Scan(in ReadOnlySequence<byte> body)
    {
        var reader = new MessagePackReader(body);
        Span<int> remaining = stackalloc int[ProtocolLimits.BodyDepthMax + 1];
        var depth = 0;
        remaining[0] = 1; // Exactly one top-level value.
        while (true)
        {
            if (remaining[depth] == 0)
            {
                if (depth == 0) break;
                depth--;
                continue;
            }
            remaining[depth]--;
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    // The declared length is checked before MessagePack checks it against the bytes left, so a
                    // hostile header gets the precise reason.
                    CheckDeclaredLength(ref reader, "array", ProtocolLimits.CollectionLengthMax);
                    if (depth + 1 > ProtocolLimits.BodyDepthMax)
                    {
                        ProtocolViolation.Throw(ProtocolViolationReason.BodyTooDeep,
                            $"nesting deeper than {ProtocolLimits.BodyDepthMax}.");
                    }
                    remaining[++depth] = reader.ReadArrayHeader();
                    break;
                case MessagePackType.String:
                    CheckDeclaredLength(ref reader, "string", ProtocolLimits.StringBytesMax);
                    reader.ReadStringSequence();
                    break;
                case MessagePackType.Binary:
                    CheckDeclaredLength(ref reader, "binary", ProtocolLimits.BinaryBytesMax);
                    reader.ReadBytes();
                    break;
                case MessagePackType.Integer or MessagePackType.Boolean or MessagePackType.Nil:
                    reader.Skip();
                    break;
                default:
                    ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody,
                        $"MessagePack code 0x{reader.NextCode:X2} is not used by this protocol.");
                    break;
            }
        }
        if (!reader.End) ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody, "bytes after the body.");
    }

    /// <summary>Throws BodyTooLarge when the array, str or bin header at the reader declares more than
    /// <paramref name="lengthMax"/>; a header cut short is left for the MessagePack reader to reject.</summary>
    private static void CheckDeclaredLength(ref MessagePackReader reader, string what, int lengthMax)
    {
        Span<byte> head = stackalloc byte[5];
        var rest = reader.Sequence.Slice(reader.Position);
        var available = (int)Math.Min(head.Length, rest.Length);
        rest.Slice(0, available).CopyTo(head);
        long length = head[0] switch
        {
            MessagePackCode.Str8 or MessagePackCode.Bin8 when available >= 2 => head[1],
            MessagePackCode.Str16 or MessagePackCode.Bin16 or MessagePackCode.Array16 when available >= 3 =>
                BinaryPrimitives.ReadUInt16BigEndian(head[1..]),
            MessagePackCode.Str32 or MessagePackCode.Bin32 or MessagePackCode.Array32 when available >= 5 =>
                BinaryPrimitives.ReadUInt32BigEndian(head[1..]),
            >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr => head[0] & 0x1F,
            >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray => head[0] & 0x0F,
            _ => 0,
        };
        if (length > lengthMax)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.BodyTooLarge,
                $"{what} of length {length}; at most {lengthMax}.");
        }
    }
}
