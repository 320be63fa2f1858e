using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using MessagePack;

namespace Engine.Persistence;

// Settlements, their cancellations, their figures and the outbox's ledger events.
public sealed partial class PersonStateCodec
{
    private const int SettlementFiguresPositions = 16;

    /// <summary>
    /// SettlementRecord: [settlementId str, visitId str, institution str, msgId str, at DateTime,
    /// figures SettlementFigures, bucket str, batchNos array of str|nil, state uint8,
    /// cancellations array of CancellationRecord].
    /// </summary>
    private static void WriteSettlementRecord(ref MessagePackWriter writer, SettlementRecord value)
    {
        writer.WriteArrayHeader(10);
        WriteString(ref writer, value.SettlementId, "SettlementRecord.SettlementId");
        WriteString(ref writer, value.VisitId, "SettlementRecord.VisitId");
        WriteString(ref writer, value.Institution, "SettlementRecord.Institution");
        WriteString(ref writer, value.MsgId, "SettlementRecord.MsgId");
        WriteDateTime(ref writer, value.At);
        WriteSettlementFigures(ref writer, Required(value.Figures, "SettlementRecord.Figures"));
        WriteString(ref writer, value.Bucket, "SettlementRecord.Bucket");
        WriteImmutableArray(ref writer, value.BatchNos, WriteBatchNo);
        writer.Write((byte)value.State);
        WriteList(ref writer, value.Cancellations, "SettlementRecord.Cancellations", WriteCancellationRecord);
    }

    private static SettlementRecord ReadSettlementRecord(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 10, "SettlementRecord");
        return new SettlementRecord
        {
            SettlementId = ReadString(ref reader, "SettlementRecord.SettlementId"),
            VisitId = ReadString(ref reader, "SettlementRecord.VisitId"),
            Institution = ReadCode(ref reader, "SettlementRecord.Institution"),
            MsgId = ReadString(ref reader, "SettlementRecord.MsgId"),
            At = ReadDateTime(ref reader),
            Figures = ReadSettlementFigures(ref reader),
            Bucket = ReadCode(ref reader, "SettlementRecord.Bucket"),
            BatchNos = ReadImmutableArray(ref reader, ReadBatchNo),
            State = (SettlementState)reader.ReadByte(),
            Cancellations = ReadList(ref reader, ReadCancellationRecord),
        };
    }

    private static void WriteBatchNo(ref MessagePackWriter writer, string value) =>
        WriteString(ref writer, value, "SettlementRecord.BatchNos[]");

    private static string ReadBatchNo(ref MessagePackReader reader) =>
        ReadCode(ref reader, "SettlementRecord.BatchNos[]");

    /// <summary>CancellationRecord: [msgId str, at DateTime, reversed bool].</summary>
    private static void WriteCancellationRecord(ref MessagePackWriter writer, CancellationRecord value)
    {
        Required(value, "SettlementRecord.Cancellations[]");
        writer.WriteArrayHeader(3);
        WriteString(ref writer, value.MsgId, "CancellationRecord.MsgId");
        WriteDateTime(ref writer, value.At);
        writer.Write(value.Reversed);
    }

    private static CancellationRecord ReadCancellationRecord(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 3, "CancellationRecord");
        var msgId = ReadString(ref reader, "CancellationRecord.MsgId");
        var at = ReadDateTime(ref reader);
        var reversed = reader.ReadBoolean();
        return new CancellationRecord(msgId, at, reversed);
    }

    /// <summary>
    /// LedgerEvent: [eventId str, institution str, at DateTime, insuredRegion str, treatmentRegion str,
    /// figures SettlementFigures, retracts bool].
    /// </summary>
    private static void WriteLedgerEvent(ref MessagePackWriter writer, LedgerEvent value)
    {
        writer.WriteArrayHeader(7);
        WriteString(ref writer, value.EventId, "LedgerEvent.EventId");
        WriteString(ref writer, value.Institution, "LedgerEvent.Institution");
        WriteDateTime(ref writer, value.At);
        WriteString(ref writer, value.InsuredRegion, "LedgerEvent.InsuredRegion");
        WriteString(ref writer, value.TreatmentRegion, "LedgerEvent.TreatmentRegion");
        WriteSettlementFigures(ref writer, Required(value.Figures, "LedgerEvent.Figures"));
        writer.Write(value.Retracts);
    }

    private static LedgerEvent ReadLedgerEvent(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 7, "LedgerEvent");
        var eventId = ReadString(ref reader, "LedgerEvent.EventId");
        var institution = ReadCode(ref reader, "LedgerEvent.Institution");
        var at = ReadDateTime(ref reader);
        var insuredRegion = ReadCode(ref reader, "LedgerEvent.InsuredRegion");
        var treatmentRegion = ReadCode(ref reader, "LedgerEvent.TreatmentRegion");
        var figures = ReadSettlementFigures(ref reader);
        var retracts = reader.ReadBoolean();
        return new LedgerEvent(eventId, institution, at, insuredRegion, treatmentRegion, figures, retracts);
    }

    /// <summary>
    /// SettlementFigures: [medfeeSumamt fen, fulamtOwnpayAmt fen, overlmtSelfpay fen, preselfpayAmt fen,
    /// inscpScpAmt fen, actPayDedc fen, poolPropSelfpay bps, hifpPay fen, cvlservPay fen, fundPaySumamt fen,
    /// psnPartAmt fen, acctPay fen, psnCashPay fen, balc fen, filingCategory uint8, year int32]. The wire has the
    /// same order (protocol.md §11.11) but its own codec: the stored layout changes only with
    /// <see cref="FormatVersion"/>, never with the protocol.
    /// </summary>
    private static void WriteSettlementFigures(ref MessagePackWriter writer, SettlementFigures value)
    {
        writer.WriteArrayHeader(SettlementFiguresPositions);
        WriteMoney(ref writer, value.MedfeeSumamt);
        WriteMoney(ref writer, value.FulamtOwnpayAmt);
        WriteMoney(ref writer, value.OverlmtSelfpay);
        WriteMoney(ref writer, value.PreselfpayAmt);
        WriteMoney(ref writer, value.InscpScpAmt);
        WriteMoney(ref writer, value.ActPayDedc);
        WriteRatio(ref writer, value.PoolPropSelfpay);
        WriteMoney(ref writer, value.HifpPay);
        WriteMoney(ref writer, value.CvlservPay);
        WriteMoney(ref writer, value.FundPaySumamt);
        WriteMoney(ref writer, value.PsnPartAmt);
        WriteMoney(ref writer, value.AcctPay);
        WriteMoney(ref writer, value.PsnCashPay);
        WriteMoney(ref writer, value.Balc);
        writer.Write((byte)value.FilingCategory);
        writer.Write(value.Year);
    }

    private static SettlementFigures ReadSettlementFigures(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, SettlementFiguresPositions, "SettlementFigures");
        return new SettlementFigures
        {
            MedfeeSumamt = ReadMoney(ref reader),
            FulamtOwnpayAmt = ReadMoney(ref reader),
            OverlmtSelfpay = ReadMoney(ref reader),
            PreselfpayAmt = ReadMoney(ref reader),
            InscpScpAmt = ReadMoney(ref reader),
            ActPayDedc = ReadMoney(ref reader),
            PoolPropSelfpay = ReadRatio(ref reader),
            HifpPay = ReadMoney(ref reader),
            CvlservPay = ReadMoney(ref reader),
            FundPaySumamt = ReadMoney(ref reader),
            PsnPartAmt = ReadMoney(ref reader),
            AcctPay = ReadMoney(ref reader),
            PsnCashPay = ReadMoney(ref reader),
            Balc = ReadMoney(ref reader),
            FilingCategory = (FilingCategory)reader.ReadByte(),
            Year = reader.ReadInt32(),
        };
    }
}
