using Engine.Contracts.Domain;
using Engine.Lifecycle;
using Engine.Settlement;
using MessagePack;

namespace Engine.Persistence;

// A visit: its terms and its fee batches.
public sealed partial class PersonStateCodec
{
    /// <summary>
    /// VisitRecord: [visitId str, institution str, treatmentRegion str, medType uint8, terms VisitTerms,
    /// registeredAt DateTime, touchedAtUtc DateTime, status uint8, activeSettlementId str|nil,
    /// batches array of FeeBatch].
    /// </summary>
    private static void WriteVisitRecord(ref MessagePackWriter writer, VisitRecord value)
    {
        writer.WriteArrayHeader(10);
        WriteString(ref writer, value.VisitId, "VisitRecord.VisitId");
        WriteString(ref writer, value.Institution, "VisitRecord.Institution");
        WriteString(ref writer, value.TreatmentRegion, "VisitRecord.TreatmentRegion");
        writer.Write((byte)value.MedType);
        WriteVisitTerms(ref writer, Required(value.Terms, "VisitRecord.Terms"));
        WriteDateTime(ref writer, value.RegisteredAt);
        WriteDateTime(ref writer, value.TouchedAtUtc);
        writer.Write((byte)value.Status);
        WriteOptionalString(ref writer, value.ActiveSettlementId);
        WriteList(ref writer, value.Batches, "VisitRecord.Batches", WriteFeeBatch);
    }

    private static VisitRecord ReadVisitRecord(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 10, "VisitRecord");
        return new VisitRecord
        {
            VisitId = ReadString(ref reader, "VisitRecord.VisitId"),
            Institution = ReadCode(ref reader, "VisitRecord.Institution"),
            TreatmentRegion = ReadCode(ref reader, "VisitRecord.TreatmentRegion"),
            MedType = (MedType)reader.ReadByte(),
            Terms = ReadVisitTerms(ref reader),
            RegisteredAt = ReadDateTime(ref reader),
            TouchedAtUtc = ReadDateTime(ref reader),
            Status = (VisitStatus)reader.ReadByte(),
            ActiveSettlementId = ReadOptionalString(ref reader),
            Batches = ReadList(ref reader, ReadFeeBatch),
        };
    }

    /// <summary>
    /// VisitTerms: [category uint8, bucket str, deductible fen, ratio bps, annualCap fen|nil, reduction bps,
    /// reductionMode uint8, civilServantRatio bps, mayUseAccount bool].
    /// </summary>
    private static void WriteVisitTerms(ref MessagePackWriter writer, VisitTerms value)
    {
        writer.WriteArrayHeader(9);
        writer.Write((byte)value.Category);
        WriteString(ref writer, value.Bucket, "VisitTerms.Bucket");
        WriteMoney(ref writer, value.Deductible);
        WriteRatio(ref writer, value.Ratio);
        WriteOptionalMoney(ref writer, value.AnnualCap);
        WriteRatio(ref writer, value.Reduction);
        writer.Write((byte)value.ReductionMode);
        WriteRatio(ref writer, value.CivilServantRatio);
        writer.Write(value.MayUseAccount);
    }

    private static VisitTerms ReadVisitTerms(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 9, "VisitTerms");
        var category = (FilingCategory)reader.ReadByte();
        var bucket = ReadCode(ref reader, "VisitTerms.Bucket");
        var deductible = ReadMoney(ref reader);
        var ratio = ReadRatio(ref reader);
        var annualCap = ReadOptionalMoney(ref reader);
        var reduction = ReadRatio(ref reader);
        var reductionMode = (ReductionMode)reader.ReadByte();
        var civilServantRatio = ReadRatio(ref reader);
        var mayUseAccount = reader.ReadBoolean();
        return new VisitTerms(
            category, bucket, deductible, ratio, annualCap, reduction, reductionMode, civilServantRatio, mayUseAccount);
    }

    /// <summary>
    /// FeeBatch: [batchNo str, lines array of ClassifiedLine|nil, totals LineTotals, settledBy str|nil].
    /// </summary>
    private static void WriteFeeBatch(ref MessagePackWriter writer, FeeBatch value)
    {
        Required(value, "VisitRecord.Batches[]");
        writer.WriteArrayHeader(4);
        WriteString(ref writer, value.BatchNo, "FeeBatch.BatchNo");
        WriteImmutableArray(ref writer, value.Lines, WriteClassifiedLine);
        WriteLineTotals(ref writer, value.Totals);
        WriteOptionalString(ref writer, value.SettledBy);
    }

    private static FeeBatch ReadFeeBatch(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 4, "FeeBatch");
        var batchNo = ReadCode(ref reader, "FeeBatch.BatchNo");
        var lines = ReadImmutableArray(ref reader, ReadClassifiedLine);
        var totals = ReadLineTotals(ref reader);
        var settledBy = ReadOptionalString(ref reader);
        return new FeeBatch(batchNo, lines, totals, settledBy);
    }

    /// <summary>
    /// ClassifiedLine: [lineNo int32, grade uint8, amount fen, fullOwnPay fen, overLimit fen, preSelfPay fen,
    /// inScope fen].
    /// </summary>
    private static void WriteClassifiedLine(ref MessagePackWriter writer, ClassifiedLine value)
    {
        writer.WriteArrayHeader(7);
        writer.Write(value.LineNo);
        writer.Write((byte)value.Grade);
        WriteMoney(ref writer, value.Amount);
        WriteMoney(ref writer, value.FullOwnPay);
        WriteMoney(ref writer, value.OverLimit);
        WriteMoney(ref writer, value.PreSelfPay);
        WriteMoney(ref writer, value.InScope);
    }

    private static ClassifiedLine ReadClassifiedLine(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 7, "ClassifiedLine");
        var lineNo = reader.ReadInt32();
        var grade = (CatalogGrade)reader.ReadByte();
        var amount = ReadMoney(ref reader);
        var fullOwnPay = ReadMoney(ref reader);
        var overLimit = ReadMoney(ref reader);
        var preSelfPay = ReadMoney(ref reader);
        var inScope = ReadMoney(ref reader);
        return new ClassifiedLine(lineNo, grade, amount, fullOwnPay, overLimit, preSelfPay, inScope);
    }

    /// <summary>LineTotals: [medicalFee fen, fullOwnPay fen, overLimit fen, preSelfPay fen, inScope fen].</summary>
    private static void WriteLineTotals(ref MessagePackWriter writer, LineTotals value)
    {
        writer.WriteArrayHeader(5);
        WriteMoney(ref writer, value.MedicalFee);
        WriteMoney(ref writer, value.FullOwnPay);
        WriteMoney(ref writer, value.OverLimit);
        WriteMoney(ref writer, value.PreSelfPay);
        WriteMoney(ref writer, value.InScope);
    }

    private static LineTotals ReadLineTotals(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 5, "LineTotals");
        var medicalFee = ReadMoney(ref reader);
        var fullOwnPay = ReadMoney(ref reader);
        var overLimit = ReadMoney(ref reader);
        var preSelfPay = ReadMoney(ref reader);
        var inScope = ReadMoney(ref reader);
        return new LineTotals(medicalFee, fullOwnPay, overLimit, preSelfPay, inScope);
    }
}
