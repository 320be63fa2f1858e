using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Unicode;
using MessagePack;

namespace Engine.Contracts.Wire;

/// <summary>
/// The field encodings of docs/protocol.md §3, both ways. Writers refuse what readers would reject (an identifier
/// over 256 bytes, an array over its limit), so this codec never produces a frame its peer closes on. Readers
/// throw <see cref="ProtocolViolationException"/> for every fault they detect themselves; MessagePack's own
/// exceptions are turned into MalformedBody by <see cref="MessageCodec"/>'s guards.
/// </summary>
internal static class WireFields
{
    // ---- Writing -------------------------------------------------------------------------------------------------

    public static void WriteArrayHeader(ref MessagePackWriter writer, int count, int countMax, string name)
    {
        if (count > countMax)
        {
            throw new ArgumentException($"{name} holds {count} elements; the wire allows {countMax}.", name);
        }
        writer.WriteArrayHeader(count);
    }

    /// <summary>A required string: non-null, at most 256 UTF-8 bytes.</summary>
    public static void WriteString(ref MessagePackWriter writer, string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        CheckStringBytes(value, name);
        writer.Write(value);
    }

    /// <summary>An optional string: nil for null.</summary>
    public static void WriteOptionalString(ref MessagePackWriter writer, string? value, string name)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        CheckStringBytes(value, name);
        writer.Write(value);
    }

    /// <summary>Free text (a rejection detail, an Error message): nil for null, cut at 256 UTF-8 bytes on a
    /// character boundary so that a long message never stops a reply.</summary>
    public static void WriteText(ref MessagePackWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        if (value.Length * 3 <= ProtocolLimits.StringBytesMax
            || Encoding.UTF8.GetByteCount(value) <= ProtocolLimits.StringBytesMax)
        {
            writer.Write(value);
            return;
        }
        // Find the longest prefix of whole characters that fits, then write that prefix.
        Span<byte> fit = stackalloc byte[ProtocolLimits.StringBytesMax];
        Utf8.FromUtf16(value, fit, out var charsRead, out _, replaceInvalidSequences: true, isFinalBlock: false);
        writer.Write(value.AsSpan(0, charsRead));
    }

    public static void WriteBinary(ref MessagePackWriter writer, ReadOnlyMemory<byte> value, int bytes, string name)
    {
        if (value.Length != bytes) throw new ArgumentException($"{name} must be {bytes} bytes.", name);
        writer.Write(value.Span);
    }

    public static void WriteMoney(ref MessagePackWriter writer, Money value) => writer.Write(value.Fen);

    public static void WriteOptionalMoney(ref MessagePackWriter writer, Money? value)
    {
        if (value is { } money) writer.Write(money.Fen);
        else writer.WriteNil();
    }

    public static void WriteRatio(ref MessagePackWriter writer, Ratio value) => writer.Write(value.Bps);

    public static void WriteOptionalRatio(ref MessagePackWriter writer, Ratio? value)
    {
        if (value is { } ratio) writer.Write(ratio.Bps);
        else writer.WriteNil();
    }

    public static void WriteQuantity(ref MessagePackWriter writer, Quantity value) =>
        writer.Write(value.TenThousandths);

    public static void WriteDateTime(ref MessagePackWriter writer, DateTime value) =>
        writer.Write(WireTime.EncodeDateTime(value));

    public static void WriteDate(ref MessagePackWriter writer, DateOnly value) =>
        writer.Write(WireTime.EncodeDate(value));

    public static void WriteOptionalDate(ref MessagePackWriter writer, DateOnly? value)
    {
        if (value is { } date) writer.Write(WireTime.EncodeDate(date));
        else writer.WriteNil();
    }

    private static void CheckStringBytes(string value, string name)
    {
        if (value.Length * 3 <= ProtocolLimits.StringBytesMax) return; // Cannot exceed: skip the count.
        if (Encoding.UTF8.GetByteCount(value) > ProtocolLimits.StringBytesMax)
        {
            throw new ArgumentException($"{name} exceeds {ProtocolLimits.StringBytesMax} UTF-8 bytes.", name);
        }
    }

    // ---- Reading -------------------------------------------------------------------------------------------------

    /// <summary>The header of a record: an array of exactly <paramref name="positions"/> elements.</summary>
    public static void ReadRecordHeader(ref MessagePackReader reader, int positions, string name)
    {
        var count = reader.ReadArrayHeader();
        if (count != positions)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody,
                $"{name} has {count} positions, not {positions}.");
        }
    }

    /// <summary>The header of a list of at most <paramref name="countMax"/> elements.</summary>
    public static int ReadListHeader(ref MessagePackReader reader, int countMax, string name)
    {
        var count = reader.ReadArrayHeader();
        if ((uint)count > (uint)countMax)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.BodyTooLarge, $"{name} holds {count}; at most {countMax}.");
        }
        return count;
    }

    public static ImmutableArray<T> ReadList<T>(ref MessagePackReader reader, int countMax, string name,
        BodyReader<T> read)
    {
        var count = ReadListHeader(ref reader, countMax, name);
        if (count == 0) return [];
        var builder = ImmutableArray.CreateBuilder<T>(count);
        for (var i = 0; i < count; i++) builder.Add(read(ref reader));
        return builder.MoveToImmutable();
    }

    public static string ReadString(ref MessagePackReader reader, string name) =>
        ReadOptionalString(ref reader, name)
        ?? ProtocolViolation.Throw<string>(ProtocolViolationReason.MalformedBody, $"{name} must not be nil.");

    public static string? ReadOptionalString(ref MessagePackReader reader, string name) =>
        ReadOptionalString(ref reader, name, shared: false);

    /// <summary>
    /// A required short code (a region, a bucket, a disease, a batch number): the same checks as
    /// <see cref="ReadString"/>, and one shared instance per distinct code (<see cref="CodeStrings"/>).
    /// </summary>
    public static string ReadCode(ref MessagePackReader reader, string name) =>
        ReadOptionalCode(ref reader, name)
        ?? ProtocolViolation.Throw<string>(ProtocolViolationReason.MalformedBody, $"{name} must not be nil.");

    /// <summary>An optional short code, shared like <see cref="ReadCode"/>'s.</summary>
    public static string? ReadOptionalCode(ref MessagePackReader reader, string name) =>
        ReadOptionalString(ref reader, name, shared: true);

    private static string? ReadOptionalString(ref MessagePackReader reader, string name, bool shared)
    {
        if (reader.TryReadNil()) return null;
        var sequence = reader.ReadStringSequence()!.Value;
        if (sequence.Length > ProtocolLimits.StringBytesMax)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.BodyTooLarge,
                $"{name} exceeds {ProtocolLimits.StringBytesMax} bytes.");
        }
        // A string is at most 256 bytes, so a split one is gathered on the stack.
        Span<byte> gathered = sequence.IsSingleSegment ? default : stackalloc byte[ProtocolLimits.StringBytesMax];
        ReadOnlySpan<byte> bytes = sequence.IsSingleSegment ? sequence.FirstSpan : Gather(sequence, gathered);
        if (!Utf8.IsValid(bytes))
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody, $"{name} is not UTF-8.");
        }
        if (shared) return CodeStrings.Get(bytes);
        return bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    public static ReadOnlyMemory<byte> ReadBinary(ref MessagePackReader reader, int bytes, string name)
    {
        if (reader.NextMessagePackType != MessagePackType.Binary)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody, $"{name} must be a bin of {bytes} bytes.");
        }
        var sequence = reader.ReadBytes()!.Value;
        if (sequence.Length != bytes)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody,
                $"{name} must be {bytes} bytes, not {sequence.Length}.");
        }
        return sequence.ToArray();
    }

    public static Money ReadMoney(ref MessagePackReader reader, string name) => ToMoney(reader.ReadInt64(), name);

    public static Money? ReadOptionalMoney(ref MessagePackReader reader, string name) =>
        reader.TryReadNil() ? null : ToMoney(reader.ReadInt64(), name);

    public static Ratio ReadRatio(ref MessagePackReader reader, string name) => ToRatio(reader.ReadInt32(), name);

    public static Ratio? ReadOptionalRatio(ref MessagePackReader reader, string name) =>
        reader.TryReadNil() ? null : ToRatio(reader.ReadInt32(), name);

    public static Quantity ReadQuantity(ref MessagePackReader reader, string name)
    {
        var tenThousandths = reader.ReadInt64();
        if (tenThousandths is < 0 or > Quantity.TenThousandthsMax) ThrowOutOfRange(name, tenThousandths);
        return Quantity.FromTenThousandths(tenThousandths);
    }

    public static DateTime ReadDateTime(ref MessagePackReader reader) =>
        WireTime.DecodeDateTimeOrThrow(reader.ReadInt64());

    public static DateOnly ReadDate(ref MessagePackReader reader) => WireTime.DecodeDateOrThrow(reader.ReadInt32());

    public static DateOnly? ReadOptionalDate(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : WireTime.DecodeDateOrThrow(reader.ReadInt32());

    /// <summary>An integer that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int ReadInt32In(ref MessagePackReader reader, int min, int max, string name)
    {
        var value = reader.ReadInt32();
        if (value < min || value > max) ThrowOutOfRange(name, value);
        return value;
    }

    public static void ThrowOutOfRange(string name, long value) =>
        ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody, $"{name} {value} is out of range.");

    private static Money ToMoney(long fen, string name)
    {
        if (fen is > Money.FenMax or < -Money.FenMax) ThrowOutOfRange(name, fen);
        return Money.FromFen(fen);
    }

    private static Ratio ToRatio(int bps, string name)
    {
        if (bps is < 0 or > Ratio.BpsPerUnit) ThrowOutOfRange(name, bps);
        return Ratio.FromBps(bps);
    }

    private static ReadOnlySpan<byte> Gather(in ReadOnlySequence<byte> sequence, Span<byte> destination)
    {
        sequence.CopyTo(destination);
        return destination[..(int)sequence.Length];
    }
}
