using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using MessagePack;
using static Engine.Contracts.Wire.WireFields;

namespace Engine.Contracts.Wire;

// Business request bodies (docs/protocol.md §11). None carries the institution: Write ignores it, and Read puts
// the signed-in institution the gateway passes in.
public static partial class MessageCodec
{
    /// <summary>1101: [psnNo str, year int32].</summary>
    public static void Write(ref MessagePackWriter writer, PersonInfoRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(2);
        WriteString(ref writer, value.PsnNo, "psnNo");
        writer.Write(value.Year);
    }

    /// <summary>Reads a 1101 request for <paramref name="institution"/>.</summary>
    public static PersonInfoRequest ReadPersonInfoRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 2, "1101");
            var psnNo = ReadString(ref reader, "psnNo");
            var year = reader.ReadInt32();
            return new PersonInfoRequest(institution, psnNo, year);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>2201: [msgId str, psnNo str, medType uint8, disease str|nil, emergency bool, at int64].</summary>
    public static void Write(ref MessagePackWriter writer, RegisterRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(6);
        WriteString(ref writer, value.MsgId, "msgId");
        WriteString(ref writer, value.PsnNo, "psnNo");
        writer.Write((byte)value.MedType);
        WriteOptionalString(ref writer, value.Disease, "disease");
        writer.Write(value.Emergency);
        WriteDateTime(ref writer, value.At);
    }

    /// <summary>Reads a 2201 request for <paramref name="institution"/>. Any medType number passes: the engine
    /// answers INVALID_REQUEST for one other than 11 and 14.</summary>
    public static RegisterRequest ReadRegisterRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 6, "2201");
            var msgId = ReadString(ref reader, "msgId");
            var psnNo = ReadString(ref reader, "psnNo");
            var medType = (MedType)reader.ReadByte();
            var disease = ReadOptionalCode(ref reader, "disease");
            var emergency = reader.ReadBoolean();
            var at = ReadDateTime(ref reader);
            return new RegisterRequest(msgId, institution, psnNo, medType, disease, emergency, at);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>2202: [msgId str, visitId str, at int64].</summary>
    public static void Write(ref MessagePackWriter writer, CancelRegistrationRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(3);
        WriteString(ref writer, value.MsgId, "msgId");
        WriteString(ref writer, value.VisitId, "visitId");
        WriteDateTime(ref writer, value.At);
    }

    /// <summary>Reads a 2202 request for <paramref name="institution"/>.</summary>
    public static CancelRegistrationRequest ReadCancelRegistrationRequest(ref MessagePackReader reader,
        string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 3, "2202");
            var msgId = ReadString(ref reader, "msgId");
            var visitId = ReadString(ref reader, "visitId");
            var at = ReadDateTime(ref reader);
            return new CancelRegistrationRequest(msgId, institution, visitId, at);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>2204: [msgId str, visitId str, batchNo str, at int64, lines array of FeeLine (≤ 1 000)];
    /// FeeLine: [lineNo int32, code str, quantity int64, unitPrice int64, amount int64].</summary>
    public static void Write(ref MessagePackWriter writer, UploadFeesRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(5);
        WriteString(ref writer, value.MsgId, "msgId");
        WriteString(ref writer, value.VisitId, "visitId");
        WriteString(ref writer, value.BatchNo, "batchNo");
        WriteDateTime(ref writer, value.At);
        var lines = OrEmpty(value.Lines);
        WriteArrayHeader(ref writer, lines.Length, ProtocolLimits.FeeLinesPerBatchMax, "lines");
        foreach (var line in lines)
        {
            ArgumentNullException.ThrowIfNull(line, "lines[]");
            writer.WriteArrayHeader(5);
            writer.Write(line.LineNo);
            WriteString(ref writer, line.Code, "code");
            WriteQuantity(ref writer, line.Quantity);
            WriteQuantity(ref writer, line.UnitPrice);
            WriteMoney(ref writer, line.Amount);
        }
    }

    /// <summary>Reads a 2204 request for <paramref name="institution"/>; an empty lines array reads as empty
    /// (the engine answers INVALID_REQUEST).</summary>
    public static UploadFeesRequest ReadUploadFeesRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 5, "2204");
            var msgId = ReadString(ref reader, "msgId");
            var visitId = ReadString(ref reader, "visitId");
            var batchNo = ReadCode(ref reader, "batchNo");
            var at = ReadDateTime(ref reader);
            var lines = ReadList(ref reader, ProtocolLimits.FeeLinesPerBatchMax, "lines", ReadFeeLine);
            return new UploadFeesRequest(msgId, institution, visitId, batchNo, at, lines);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>2205: [msgId str, visitId str, batchNo str ("0000" = every unsettled batch), at int64].</summary>
    public static void Write(ref MessagePackWriter writer, CancelFeesRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(4);
        WriteString(ref writer, value.MsgId, "msgId");
        WriteString(ref writer, value.VisitId, "visitId");
        WriteString(ref writer, value.BatchNo, "batchNo");
        WriteDateTime(ref writer, value.At);
    }

    /// <summary>Reads a 2205 request for <paramref name="institution"/>.</summary>
    public static CancelFeesRequest ReadCancelFeesRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 4, "2205");
            var msgId = ReadString(ref reader, "msgId");
            var visitId = ReadString(ref reader, "visitId");
            var batchNo = ReadCode(ref reader, "batchNo");
            var at = ReadDateTime(ref reader);
            return new CancelFeesRequest(msgId, institution, visitId, batchNo, at);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>2206: [visitId str, useAccount bool, at int64].</summary>
    public static void Write(ref MessagePackWriter writer, PreSettleRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(3);
        WriteString(ref writer, value.VisitId, "visitId");
        writer.Write(value.UseAccount);
        WriteDateTime(ref writer, value.At);
    }

    /// <summary>Reads a 2206 request for <paramref name="institution"/>.</summary>
    public static PreSettleRequest ReadPreSettleRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 3, "2206");
            var visitId = ReadString(ref reader, "visitId");
            var useAccount = reader.ReadBoolean();
            var at = ReadDateTime(ref reader);
            return new PreSettleRequest(institution, visitId, useAccount, at);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>2207: [msgId str, visitId str, useAccount bool, at int64].</summary>
    public static void Write(ref MessagePackWriter writer, SettleRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(4);
        WriteString(ref writer, value.MsgId, "msgId");
        WriteString(ref writer, value.VisitId, "visitId");
        writer.Write(value.UseAccount);
        WriteDateTime(ref writer, value.At);
    }

    /// <summary>Reads a 2207 request for <paramref name="institution"/>.</summary>
    public static SettleRequest ReadSettleRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 4, "2207");
            var msgId = ReadString(ref reader, "msgId");
            var visitId = ReadString(ref reader, "visitId");
            var useAccount = reader.ReadBoolean();
            var at = ReadDateTime(ref reader);
            return new SettleRequest(msgId, institution, visitId, useAccount, at);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>2208: [msgId str, settlementId str, at int64].</summary>
    public static void Write(ref MessagePackWriter writer, CancelSettlementRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(3);
        WriteString(ref writer, value.MsgId, "msgId");
        WriteString(ref writer, value.SettlementId, "settlementId");
        WriteDateTime(ref writer, value.At);
    }

    /// <summary>Reads a 2208 request for <paramref name="institution"/>.</summary>
    public static CancelSettlementRequest ReadCancelSettlementRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 3, "2208");
            var msgId = ReadString(ref reader, "msgId");
            var settlementId = ReadString(ref reader, "settlementId");
            var at = ReadDateTime(ref reader);
            return new CancelSettlementRequest(msgId, institution, settlementId, at);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>2601: [msgId str, originalMsgId str, originalOp str, at int64].</summary>
    public static void Write(ref MessagePackWriter writer, ReverseRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(4);
        WriteString(ref writer, value.MsgId, "msgId");
        WriteString(ref writer, value.OriginalMsgId, "originalMsgId");
        WriteString(ref writer, value.OriginalOp, "originalOp");
        WriteDateTime(ref writer, value.At);
    }

    /// <summary>Reads a 2601 request for <paramref name="institution"/>.</summary>
    public static ReverseRequest ReadReverseRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 4, "2601");
            var msgId = ReadString(ref reader, "msgId");
            var originalMsgId = ReadString(ref reader, "originalMsgId");
            var originalOp = ReadString(ref reader, "originalOp");
            var at = ReadDateTime(ref reader);
            return new ReverseRequest(msgId, institution, originalMsgId, originalOp, at);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>3201: [date int32, count int32, medfeeSum int64, fundPaySum int64, acctPaySum int64].</summary>
    public static void Write(ref MessagePackWriter writer, ReconcileRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(5);
        WriteReconcileFigures(ref writer, value);
    }

    /// <summary>Reads a 3201 request for <paramref name="institution"/>.</summary>
    public static ReconcileRequest ReadReconcileRequest(ref MessagePackReader reader, string institution)
    {
        try
        {
            ReadRecordHeader(ref reader, 5, "3201");
            return ReadReconcileFigures(ref reader, institution);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    private static FeeLine ReadFeeLine(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 5, "FeeLine");
        var lineNo = reader.ReadInt32();
        var code = ReadString(ref reader, "code");
        var quantity = ReadQuantity(ref reader, "quantity");
        var unitPrice = ReadQuantity(ref reader, "unitPrice");
        var amount = ReadMoney(ref reader, "amount");
        return new FeeLine(lineNo, code, quantity, unitPrice, amount);
    }

    private static void WriteReconcileFigures(ref MessagePackWriter writer, ReconcileRequest value)
    {
        WriteDate(ref writer, value.Date);
        writer.Write(value.Count);
        WriteMoney(ref writer, value.MedfeeSum);
        WriteMoney(ref writer, value.FundPaySum);
        WriteMoney(ref writer, value.AcctPaySum);
    }

    private static ReconcileRequest ReadReconcileFigures(ref MessagePackReader reader, string institution)
    {
        var date = ReadDate(ref reader);
        var count = reader.ReadInt32();
        var medfeeSum = ReadMoney(ref reader, "medfeeSum");
        var fundPaySum = ReadMoney(ref reader, "fundPaySum");
        var acctPaySum = ReadMoney(ref reader, "acctPaySum");
        return new ReconcileRequest(institution, date, count, medfeeSum, fundPaySum, acctPaySum);
    }

    private static ImmutableArray<T> OrEmpty<T>(ImmutableArray<T> values) => values.IsDefault ? [] : values;
}
