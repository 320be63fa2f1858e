using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Engine.Contracts;
using Engine.Contracts.Wire;
using MessagePack;

namespace Engine.Persistence;

// The encodings of single values that every record of the person state shares, and the guards of both directions.
public sealed partial class PersonStateCodec
{
    // DateTime keeps its ticks in the low 62 bits and its kind in the top two; stored the same way, both come back
    // exactly (ToBinary would move a Local time into the reading machine's time zone).
    private const int DateTimeKindShift = 62;
    private const ulong DateTimeTicksMask = (1UL << DateTimeKindShift) - 1;

    private const int FingerprintBytes = 16;

    private delegate void ElementWriter<in T>(ref MessagePackWriter writer, T value);

    private delegate T ElementReader<out T>(ref MessagePackReader reader);

    /// <summary>A string the types declare non-null: str.</summary>
    private static void WriteString(ref MessagePackWriter writer, string value, string member) =>
        writer.Write(Required(value, member));

    private static string ReadString(ref MessagePackReader reader, string member) =>
        reader.ReadString() ?? throw Malformed($"{member} is nil.");

    /// <summary>
    /// A short code (an institution, a region, a bucket, a disease, a batch number), written as a string: one shared
    /// instance per code (<see cref="CodeStrings"/>), as the wire decoder gives them, so that a state loaded from
    /// storage does not hold its own copy of every code in every record.
    /// </summary>
    private static string ReadCode(ref MessagePackReader reader, string member)
    {
        var sequence = reader.ReadStringSequence() ?? throw Malformed($"{member} is nil.");
        return CodeStrings.Get(sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray());
    }

    /// <summary>A nullable string: str, or nil for null.</summary>
    private static void WriteOptionalString(ref MessagePackWriter writer, string? value) => writer.Write(value);

    private static string? ReadOptionalString(ref MessagePackReader reader) => reader.ReadString();

    /// <summary>Money: its fen, int64.</summary>
    private static void WriteMoney(ref MessagePackWriter writer, Money value) => writer.Write(value.Fen);

    private static Money ReadMoney(ref MessagePackReader reader) => Money.FromFen(reader.ReadInt64());

    /// <summary>Money?: its fen, or nil.</summary>
    private static void WriteOptionalMoney(ref MessagePackWriter writer, Money? value)
    {
        if (value is { } money) writer.Write(money.Fen);
        else writer.WriteNil();
    }

    private static Money? ReadOptionalMoney(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : Money.FromFen(reader.ReadInt64());

    /// <summary>Ratio: its basis points, int32.</summary>
    private static void WriteRatio(ref MessagePackWriter writer, Ratio value) => writer.Write(value.Bps);

    private static Ratio ReadRatio(ref MessagePackReader reader) => Ratio.FromBps(reader.ReadInt32());

    /// <summary>DateTime: uint64, the ticks in the low 62 bits and the kind in the top two (default: 0).</summary>
    private static void WriteDateTime(ref MessagePackWriter writer, DateTime value) =>
        writer.Write((ulong)value.Ticks | (ulong)value.Kind << DateTimeKindShift);

    private static DateTime ReadDateTime(ref MessagePackReader reader)
    {
        var packed = reader.ReadUInt64();
        var kind = (DateTimeKind)(packed >> DateTimeKindShift);
        if (kind > DateTimeKind.Local) throw Malformed($"DateTime {packed} has no kind.");
        return new DateTime((long)(packed & DateTimeTicksMask), kind);
    }

    /// <summary>DateOnly: its day number (days since 0001-01-01), int32.</summary>
    private static void WriteDate(ref MessagePackWriter writer, DateOnly value) => writer.Write(value.DayNumber);

    private static DateOnly ReadDate(ref MessagePackReader reader) => DateOnly.FromDayNumber(reader.ReadInt32());

    /// <summary>DateOnly?: its day number, or nil.</summary>
    private static void WriteOptionalDate(ref MessagePackWriter writer, DateOnly? value)
    {
        if (value is { } date) writer.Write(date.DayNumber);
        else writer.WriteNil();
    }

    private static DateOnly? ReadOptionalDate(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : DateOnly.FromDayNumber(reader.ReadInt32());

    /// <summary>A 128-bit fingerprint: bin of 16 bytes, big-endian.</summary>
    private static void WriteFingerprint(ref MessagePackWriter writer, UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[FingerprintBytes];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        writer.Write(bytes);
    }

    private static UInt128 ReadFingerprint(ref MessagePackReader reader)
    {
        var bytes = reader.ReadBytes() ?? throw Malformed("a fingerprint is nil.");
        if (bytes.Length != FingerprintBytes)
        {
            throw Malformed($"a fingerprint has {bytes.Length} bytes, not {FingerprintBytes}.");
        }
        Span<byte> gathered = stackalloc byte[FingerprintBytes];
        bytes.CopyTo(gathered);
        return BinaryPrimitives.ReadUInt128BigEndian(gathered);
    }

    /// <summary>An immutable array: an array of its elements, or nil for a default (uninitialized) one.</summary>
    private static void WriteImmutableArray<T>(
        ref MessagePackWriter writer, ImmutableArray<T> values, ElementWriter<T> write)
    {
        if (values.IsDefault)
        {
            writer.WriteNil();
            return;
        }
        writer.WriteArrayHeader(values.Length);
        foreach (var value in values) write(ref writer, value);
    }

    private static ImmutableArray<T> ReadImmutableArray<T>(ref MessagePackReader reader, ElementReader<T> read)
    {
        if (reader.TryReadNil()) return default;
        var values = new T[reader.ReadArrayHeader()];
        for (var i = 0; i < values.Length; i++) values[i] = read(ref reader);
        return ImmutableCollectionsMarshal.AsImmutableArray(values);
    }

    /// <summary>A list the types declare non-null: an array of its elements.</summary>
    private static void WriteList<T>(
        ref MessagePackWriter writer, List<T> values, string member, ElementWriter<T> write)
    {
        writer.WriteArrayHeader(Required(values, member).Count);
        foreach (var value in values) write(ref writer, value);
    }

    private static List<T> ReadList<T>(ref MessagePackReader reader, ElementReader<T> read)
    {
        var count = reader.ReadArrayHeader();
        var values = new List<T>(count);
        for (var i = 0; i < count; i++) values.Add(read(ref reader));
        return values;
    }

    /// <summary>The header of a record: an array of exactly <paramref name="positions"/> elements.</summary>
    private static void ReadRecordHeader(ref MessagePackReader reader, int positions, string record)
    {
        var count = reader.ReadArrayHeader();
        if (count != positions) throw Malformed($"{record} has {count} positions, not {positions}.");
    }

    /// <summary><paramref name="value"/>, which the types declare non-null; a null fails the write, so that no blob
    /// holds what a read would have to refuse.</summary>
    private static T Required<T>(T? value, string member) where T : class => value ?? throw NullMember(member);

    private static InvalidOperationException NullMember(string member) =>
        new($"Cannot store the person state: {member} is null, which its type does not allow.");

    private static InvalidDataException Malformed(string detail) => new($"Malformed {Marker} blob: {detail}");

    /// <summary>What MessagePackReader (truncated or mistyped input) and the value types (out of range) throw on bad
    /// bytes; <see cref="Decode"/> turns them into <see cref="InvalidDataException"/>.</summary>
    private static bool IsMalformedInput(Exception exception) => exception
        is MessagePackSerializationException or EndOfStreamException or OverflowException or ArgumentException;
}
