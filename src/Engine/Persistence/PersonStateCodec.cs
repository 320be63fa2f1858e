using System.Buffers;
using Engine.Lifecycle;
using Engine.Settlement;
using MessagePack;

namespace Engine.Persistence;

/// <summary>
/// The stored form of a <see cref="PersonState"/>: hand-written MessagePack, like the wire codecs
/// (<c>Engine.Contracts.Wire.MessageCodec</c>). Every record is an array with a fixed number of positions in a fixed
/// order (documented on each writer); no member names, no type names and no reference tracking. The person's state
/// is written on every state-changing request, and in Orleans' format the reference tracking of its strings alone
/// cost about a quarter of the silo's CPU (docs/performance.md).
/// </summary>
/// <remarks>
/// <para>
/// A blob is <c>["PersonState", version uint, state PersonState]</c>. Its first 13 bytes (the array header and the
/// marker) are the same in every blob, which tells a blob of this codec from a state stored before it existed, in
/// Orleans' format (<see cref="GrainStateCodecs"/>). A change of any layout below gets a new version, and
/// <see cref="Decode"/> keeps reading the old ones; a version it does not know fails with
/// <see cref="InvalidDataException"/>.
/// </para>
/// <para>
/// Every member round-trips exactly: nulls of nullable members (nil), default versus empty immutable arrays (nil
/// versus an empty array), <see cref="DateTime"/> ticks and kind, <see cref="UInt128"/> fingerprints, the raw fen
/// and basis points, the order of dictionaries and lists (dictionaries get their comparers from
/// <see cref="PersonState"/>'s own initializers). Strings are stored whole: unlike the wire, storage cuts nothing. Decoding creates separate instances of what the live state shares (one
/// <see cref="Contracts.Messages.SettlementFigures"/> in a settlement, its stored reply and its outbox event): the
/// engine never compares these by reference. A member the types declare non-null that is null fails
/// <see cref="Encode(PersonState)"/> (the write), never a later read.
/// </para>
/// <para>
/// The records that also travel on the wire (settlement, person and reconciliation figures, line results, the reply
/// itself) have their own writers and readers here, on purpose, although their layouts match the wire's today: the
/// stored format changes only with <see cref="FormatVersion"/>, never because a protocol version changed a record,
/// and the wire's field helpers check protocol limits, cut texts and throw protocol errors, where storage keeps
/// everything and reports <see cref="InvalidDataException"/>.
/// </para>
/// </remarks>
public sealed partial class PersonStateCodec : IGrainStateCodec<PersonState>
{
    /// <summary>The version <see cref="Encode(PersonState)"/> writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The first member of every blob.</summary>
    public const string Marker = "PersonState";

    private const int EnvelopePositions = 3;
    private const int PersonStatePositions = 9;

    private static readonly byte[] Preamble = EncodePreamble();

    private PersonStateCodec()
    {
    }

    /// <summary>The codec, for <see cref="GrainStateCodecs"/>.</summary>
    public static PersonStateCodec Instance { get; } = new();

    /// <summary>
    /// <paramref name="state"/> in the current <see cref="FormatVersion"/>, written into a buffer kept by the thread
    /// and returned as one array of exactly its length.
    /// </summary>
    /// <exception cref="InvalidOperationException">A member the types declare non-null is null.</exception>
    public static byte[] Encode(PersonState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var buffer = EncodeBuffers.Take();
        try
        {
            Encode(state, buffer);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            EncodeBuffers.Give(buffer);
        }
    }

    /// <summary>The state <paramref name="blob"/> holds, as <see cref="Encode(PersonState)"/> wrote it (any version this build
    /// knows).</summary>
    /// <exception cref="InvalidDataException">Not a blob of this codec, a version this build does not know, or
    /// malformed (truncated, a position missing or of the wrong type, a value out of range, bytes after the
    /// state).</exception>
    public static PersonState Decode(ReadOnlyMemory<byte> blob)
    {
        if (!IsPersonStateBlob(blob.Span))
        {
            throw new InvalidDataException(
                $"Not a {Marker} blob ({blob.Length} bytes): it does not start with [\"{Marker}\", version, …].");
        }
        var reader = new MessagePackReader(blob[Preamble.Length..]);
        try
        {
            var version = reader.ReadInt64();
            if (version != FormatVersion)
            {
                throw new InvalidDataException(
                    $"{Marker} format version {version} is unknown: this build reads version {FormatVersion}.");
            }
            var state = ReadPersonState(ref reader);
            if (!reader.End) throw Malformed($"{reader.Sequence.Length - reader.Consumed} bytes after the state.");
            return state;
        }
        catch (Exception exception) when (IsMalformedInput(exception))
        {
            throw new InvalidDataException(
                $"Malformed {Marker} blob ({blob.Length} bytes, at byte {Preamble.Length + reader.Consumed}): " +
                exception.Message, exception);
        }
    }

    /// <summary>Does <paramref name="data"/> start like every blob of this codec?</summary>
    public static bool IsPersonStateBlob(ReadOnlySpan<byte> data) => data.StartsWith(Preamble);

    byte[] IGrainStateCodec<PersonState>.Encode(PersonState state) => Encode(state);

    /// <summary><paramref name="state"/> in the current <see cref="FormatVersion"/>, written to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidOperationException">A member the types declare non-null is null.</exception>
    public static void Encode(PersonState state, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(state);
        var writer = new MessagePackWriter(output);
        writer.WriteRaw(Preamble);
        writer.Write(FormatVersion);
        WritePersonState(ref writer, state);
        writer.Flush();
    }

    void IGrainStateCodec<PersonState>.Encode(PersonState state, IBufferWriter<byte> output) => Encode(state, output);

    PersonState IGrainStateCodec<PersonState>.Decode(ReadOnlyMemory<byte> data) => Decode(data);

    bool IGrainStateCodec.IsOwnFormat(ReadOnlySpan<byte> data) => IsPersonStateBlob(data);

    /// <summary>
    /// PersonState: [profile PersonProfile|nil, accountBalance fen, accumulators map YearBucket → AccumulatorTotals,
    /// visits map str → VisitRecord, settlements map str → SettlementRecord, messages map MessageKey →
    /// MessageRecord, lastSequence int64, outbox array of LedgerEvent, lastSweptAtUtc DateTime].
    /// </summary>
    private static void WritePersonState(ref MessagePackWriter writer, PersonState state)
    {
        writer.WriteArrayHeader(PersonStatePositions);
        if (state.Profile is { } profile) WritePersonProfile(ref writer, profile);
        else writer.WriteNil();
        WriteMoney(ref writer, state.AccountBalance);

        var accumulators = Required(state.Accumulators, "PersonState.Accumulators");
        writer.WriteMapHeader(accumulators.Count);
        foreach (var (key, totals) in accumulators)
        {
            WriteYearBucket(ref writer, key);
            WriteAccumulatorTotals(ref writer, totals);
        }

        var visits = Required(state.Visits, "PersonState.Visits");
        writer.WriteMapHeader(visits.Count);
        foreach (var (visitId, visit) in visits)
        {
            WriteString(ref writer, visitId, "PersonState.Visits key");
            WriteVisitRecord(ref writer, Required(visit, "PersonState.Visits value"));
        }

        var settlements = Required(state.Settlements, "PersonState.Settlements");
        writer.WriteMapHeader(settlements.Count);
        foreach (var (settlementId, settlement) in settlements)
        {
            WriteString(ref writer, settlementId, "PersonState.Settlements key");
            WriteSettlementRecord(ref writer, Required(settlement, "PersonState.Settlements value"));
        }

        var messages = Required(state.Messages, "PersonState.Messages");
        writer.WriteMapHeader(messages.Count);
        foreach (var (key, message) in messages)
        {
            WriteMessageKey(ref writer, key);
            WriteMessageRecord(ref writer, Required(message, "PersonState.Messages value"));
        }

        writer.Write(state.LastSequence);
        var outbox = Required(state.Outbox, "PersonState.Outbox");
        writer.WriteArrayHeader(outbox.Count);
        foreach (var ledgerEvent in outbox) WriteLedgerEvent(ref writer, Required(ledgerEvent, "PersonState.Outbox[]"));
        WriteDateTime(ref writer, state.LastSweptAtUtc);
    }

    // The collections are filled in place: PersonState's own initializers choose their comparers.
    private static PersonState ReadPersonState(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, PersonStatePositions, "PersonState");
        var state = new PersonState();
        state.Profile = reader.TryReadNil() ? null : ReadPersonProfile(ref reader);
        state.AccountBalance = ReadMoney(ref reader);

        var accumulatorCount = reader.ReadMapHeader();
        state.Accumulators.EnsureCapacity(accumulatorCount);
        for (var i = 0; i < accumulatorCount; i++)
        {
            state.Accumulators.Add(ReadYearBucket(ref reader), ReadAccumulatorTotals(ref reader));
        }

        var visitCount = reader.ReadMapHeader();
        state.Visits.EnsureCapacity(visitCount);
        for (var i = 0; i < visitCount; i++)
        {
            state.Visits.Add(ReadString(ref reader, "PersonState.Visits key"), ReadVisitRecord(ref reader));
        }

        var settlementCount = reader.ReadMapHeader();
        state.Settlements.EnsureCapacity(settlementCount);
        for (var i = 0; i < settlementCount; i++)
        {
            state.Settlements.Add(
                ReadString(ref reader, "PersonState.Settlements key"), ReadSettlementRecord(ref reader));
        }

        var messageCount = reader.ReadMapHeader();
        state.Messages.EnsureCapacity(messageCount);
        for (var i = 0; i < messageCount; i++)
        {
            state.Messages.Add(ReadMessageKey(ref reader), ReadMessageRecord(ref reader));
        }

        state.LastSequence = reader.ReadInt64();
        var outboxCount = reader.ReadArrayHeader();
        state.Outbox.EnsureCapacity(outboxCount);
        for (var i = 0; i < outboxCount; i++) state.Outbox.Add(ReadLedgerEvent(ref reader));
        state.LastSweptAtUtc = ReadDateTime(ref reader);
        return state;
    }

    /// <summary>YearBucket: [year int32, bucket str].</summary>
    private static void WriteYearBucket(ref MessagePackWriter writer, YearBucket value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.Year);
        WriteString(ref writer, value.Bucket, "YearBucket.Bucket");
    }

    private static YearBucket ReadYearBucket(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 2, "YearBucket");
        var year = reader.ReadInt32();
        var bucket = ReadCode(ref reader, "YearBucket.Bucket");
        return new YearBucket(year, bucket);
    }

    /// <summary>AccumulatorTotals: [deductibleUsed fen, fundPaid fen, civilServantPaid fen].</summary>
    private static void WriteAccumulatorTotals(ref MessagePackWriter writer, AccumulatorTotals value)
    {
        writer.WriteArrayHeader(3);
        WriteMoney(ref writer, value.DeductibleUsed);
        WriteMoney(ref writer, value.FundPaid);
        WriteMoney(ref writer, value.CivilServantPaid);
    }

    private static AccumulatorTotals ReadAccumulatorTotals(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 3, "AccumulatorTotals");
        var deductibleUsed = ReadMoney(ref reader);
        var fundPaid = ReadMoney(ref reader);
        var civilServantPaid = ReadMoney(ref reader);
        return new AccumulatorTotals(deductibleUsed, fundPaid, civilServantPaid);
    }

    private static byte[] EncodePreamble()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(EnvelopePositions);
        writer.Write(Marker);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
