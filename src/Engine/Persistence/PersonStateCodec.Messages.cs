using System.Buffers;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using MessagePack;

namespace Engine.Persistence;

// The idempotency log: each message's key, its record and the reply stored for its retransmissions.
public sealed partial class PersonStateCodec
{
    /// <summary>MessageKey: [institution str, msgId str].</summary>
    private static void WriteMessageKey(ref MessagePackWriter writer, MessageKey value)
    {
        writer.WriteArrayHeader(2);
        WriteString(ref writer, value.Institution, "MessageKey.Institution");
        WriteString(ref writer, value.MsgId, "MessageKey.MsgId");
    }

    private static MessageKey ReadMessageKey(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 2, "MessageKey");
        var institution = ReadCode(ref reader, "MessageKey.Institution");
        var msgId = ReadString(ref reader, "MessageKey.MsgId");
        return new MessageKey(institution, msgId);
    }

    private const int TransactionReplyPositions = 8;

    /// <summary>
    /// MessageRecord: [operation int16, fingerprint bin 16, reply TransactionReply, receivedAtUtc DateTime,
    /// outcome uint8, settlementId str|nil]. The reply is kept encoded (<see cref="StoredReply"/>): written as its
    /// bytes, read back as its bytes once its header is checked; it is decoded only for a retransmission.
    /// </summary>
    private static void WriteMessageRecord(ref MessagePackWriter writer, MessageRecord value)
    {
        if (value.Reply.IsDefault) throw NullMember("MessageRecord.Reply");
        writer.WriteArrayHeader(6);
        writer.Write((short)value.Operation);
        WriteFingerprint(ref writer, value.Fingerprint);
        writer.WriteRaw(value.Reply.Encoded);
        WriteDateTime(ref writer, value.ReceivedAtUtc);
        writer.Write((byte)value.Outcome);
        WriteOptionalString(ref writer, value.SettlementId);
    }

    private static MessageRecord ReadMessageRecord(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 6, "MessageRecord");
        var operation = (Operation)reader.ReadInt16();
        var fingerprint = ReadFingerprint(ref reader);
        var header = reader.CreatePeekReader();
        ReadRecordHeader(ref header, TransactionReplyPositions, "TransactionReply");
        var reply = StoredReply.FromEncoded(reader.ReadRaw().ToArray());
        var receivedAtUtc = ReadDateTime(ref reader);
        var outcome = (MessageOutcome)reader.ReadByte();
        var settlementId = ReadOptionalString(ref reader);
        return new MessageRecord(operation, fingerprint, reply, receivedAtUtc, outcome, settlementId);
    }

    /// <summary>
    /// TransactionReply: [status uint16, message str|nil, visitId str|nil, settlementId str|nil,
    /// settlement SettlementFigures|nil, lines array of LineResult|nil, person PersonFigures|nil,
    /// reconciliation ReconciliationFigures|nil]. Unlike the wire's reply, the message is stored whole and default
    /// lines stay default (nil).
    /// </summary>
    private static void WriteTransactionReply(ref MessagePackWriter writer, TransactionReply value)
    {
        writer.WriteArrayHeader(TransactionReplyPositions);
        writer.Write((ushort)value.Status);
        WriteOptionalString(ref writer, value.Message);
        WriteOptionalString(ref writer, value.VisitId);
        WriteOptionalString(ref writer, value.SettlementId);
        if (value.Settlement is { } settlement) WriteSettlementFigures(ref writer, settlement);
        else writer.WriteNil();
        WriteImmutableArray(ref writer, value.Lines, WriteLineResult);
        if (value.Person is { } person) WritePersonFigures(ref writer, person);
        else writer.WriteNil();
        if (value.Reconciliation is { } reconciliation) WriteReconciliationFigures(ref writer, reconciliation);
        else writer.WriteNil();
    }

    /// <summary>A reply's stored form (<see cref="StoredReply"/>): the TransactionReply array alone.</summary>
    internal static byte[] EncodeReply(TransactionReply reply)
    {
        var buffer = EncodeBuffers.Take();
        try
        {
            var writer = new MessagePackWriter(buffer);
            WriteTransactionReply(ref writer, reply);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            EncodeBuffers.Give(buffer);
        }
    }

    /// <summary>The reply <see cref="EncodeReply"/> wrote.</summary>
    /// <exception cref="InvalidDataException">Not one whole TransactionReply.</exception>
    internal static TransactionReply DecodeReply(ReadOnlyMemory<byte> encoded)
    {
        var reader = new MessagePackReader(encoded);
        try
        {
            var reply = ReadTransactionReply(ref reader);
            if (!reader.End) throw Malformed($"{encoded.Length - reader.Consumed} bytes after a stored reply.");
            return reply;
        }
        catch (Exception exception) when (IsMalformedInput(exception))
        {
            throw new InvalidDataException(
                $"Malformed stored reply ({encoded.Length} bytes, at byte {reader.Consumed}): {exception.Message}",
                exception);
        }
    }

    private static TransactionReply ReadTransactionReply(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, TransactionReplyPositions, "TransactionReply");
        return new TransactionReply
        {
            Status = (SettlementStatus)reader.ReadUInt16(),
            Message = ReadOptionalString(ref reader),
            VisitId = ReadOptionalString(ref reader),
            SettlementId = ReadOptionalString(ref reader),
            Settlement = reader.TryReadNil() ? null : ReadSettlementFigures(ref reader),
            Lines = ReadImmutableArray(ref reader, ReadLineResult),
            Person = reader.TryReadNil() ? null : ReadPersonFigures(ref reader),
            Reconciliation = reader.TryReadNil() ? null : ReadReconciliationFigures(ref reader),
        };
    }

    /// <summary>
    /// LineResult: [lineNo int32, grade uint8, fulamtOwnpayAmt fen, overlmtAmt fen, preselfpayAmt fen,
    /// inscpScpAmt fen].
    /// </summary>
    private static void WriteLineResult(ref MessagePackWriter writer, LineResult value)
    {
        Required(value, "TransactionReply.Lines[]");
        writer.WriteArrayHeader(6);
        writer.Write(value.LineNo);
        writer.Write((byte)value.Grade);
        WriteMoney(ref writer, value.FulamtOwnpayAmt);
        WriteMoney(ref writer, value.OverlmtAmt);
        WriteMoney(ref writer, value.PreselfpayAmt);
        WriteMoney(ref writer, value.InscpScpAmt);
    }

    private static LineResult ReadLineResult(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 6, "LineResult");
        var lineNo = reader.ReadInt32();
        var grade = (CatalogGrade)reader.ReadByte();
        var fulamtOwnpayAmt = ReadMoney(ref reader);
        var overlmtAmt = ReadMoney(ref reader);
        var preselfpayAmt = ReadMoney(ref reader);
        var inscpScpAmt = ReadMoney(ref reader);
        return new LineResult(lineNo, grade, fulamtOwnpayAmt, overlmtAmt, preselfpayAmt, inscpScpAmt);
    }

    /// <summary>PersonFigures: [accountBalance fen, accumulators array of AccumulatorFigures|nil].</summary>
    private static void WritePersonFigures(ref MessagePackWriter writer, PersonFigures value)
    {
        writer.WriteArrayHeader(2);
        WriteMoney(ref writer, value.AccountBalance);
        WriteImmutableArray(ref writer, value.Accumulators, WriteAccumulatorFigures);
    }

    private static PersonFigures ReadPersonFigures(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 2, "PersonFigures");
        var accountBalance = ReadMoney(ref reader);
        var accumulators = ReadImmutableArray(ref reader, ReadAccumulatorFigures);
        return new PersonFigures(accountBalance, accumulators);
    }

    /// <summary>
    /// AccumulatorFigures: [year int32, bucket str, deductibleUsed fen, fundPaid fen, civilServantPaid fen].
    /// </summary>
    private static void WriteAccumulatorFigures(ref MessagePackWriter writer, AccumulatorFigures value)
    {
        Required(value, "PersonFigures.Accumulators[]");
        writer.WriteArrayHeader(5);
        writer.Write(value.Year);
        WriteString(ref writer, value.Bucket, "AccumulatorFigures.Bucket");
        WriteMoney(ref writer, value.DeductibleUsed);
        WriteMoney(ref writer, value.FundPaid);
        WriteMoney(ref writer, value.CivilServantPaid);
    }

    private static AccumulatorFigures ReadAccumulatorFigures(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 5, "AccumulatorFigures");
        var year = reader.ReadInt32();
        var bucket = ReadCode(ref reader, "AccumulatorFigures.Bucket");
        var deductibleUsed = ReadMoney(ref reader);
        var fundPaid = ReadMoney(ref reader);
        var civilServantPaid = ReadMoney(ref reader);
        return new AccumulatorFigures(year, bucket, deductibleUsed, fundPaid, civilServantPaid);
    }

    /// <summary>
    /// ReconciliationFigures: [balanced bool, count int32, medfeeSum fen, fundPaySum fen, acctPaySum fen].
    /// </summary>
    private static void WriteReconciliationFigures(ref MessagePackWriter writer, ReconciliationFigures value)
    {
        writer.WriteArrayHeader(5);
        writer.Write(value.Balanced);
        writer.Write(value.Count);
        WriteMoney(ref writer, value.MedfeeSum);
        WriteMoney(ref writer, value.FundPaySum);
        WriteMoney(ref writer, value.AcctPaySum);
    }

    private static ReconciliationFigures ReadReconciliationFigures(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 5, "ReconciliationFigures");
        var balanced = reader.ReadBoolean();
        var count = reader.ReadInt32();
        var medfeeSum = ReadMoney(ref reader);
        var fundPaySum = ReadMoney(ref reader);
        var acctPaySum = ReadMoney(ref reader);
        return new ReconciliationFigures(balanced, count, medfeeSum, fundPaySum, acctPaySum);
    }
}
