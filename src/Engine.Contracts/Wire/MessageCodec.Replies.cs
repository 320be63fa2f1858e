using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using MessagePack;
using static Engine.Contracts.Wire.WireFields;

namespace Engine.Contracts.Wire;

// The reply body of every business type (docs/protocol.md §11.11).
public static partial class MessageCodec
{
    private const int SettlementFiguresPositions = 16;

    /// <summary>
    /// TransactionReply: [status uint16, message str|nil, visitId str|nil, settlementId str|nil,
    /// settlement SettlementFigures|nil, lines array of LineResult, person PersonFigures|nil,
    /// reconciliation ReconciliationFigures|nil]. Default lines go out as an empty array; a message over 256
    /// UTF-8 bytes is cut.
    /// </summary>
    public static void Write(ref MessagePackWriter writer, TransactionReply value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(8);
        writer.Write((ushort)value.Status);
        WriteText(ref writer, value.Message);
        WriteOptionalString(ref writer, value.VisitId, "visitId");
        WriteOptionalString(ref writer, value.SettlementId, "settlementId");
        if (value.Settlement is { } settlement) WriteSettlementFigures(ref writer, settlement);
        else writer.WriteNil();
        var lines = OrEmpty(value.Lines);
        WriteArrayHeader(ref writer, lines.Length, ProtocolLimits.FeeLinesPerBatchMax, "lines");
        foreach (var line in lines) WriteLineResult(ref writer, line);
        if (value.Person is { } person) WritePersonFigures(ref writer, person);
        else writer.WriteNil();
        if (value.Reconciliation is { } reconciliation) WriteReconciliationFigures(ref writer, reconciliation);
        else writer.WriteNil();
    }

    /// <summary>Reads a TransactionReply. The status passes through even when this version does not know its
    /// number (treat it as a rejection); an empty lines array reads as empty, not default.</summary>
    public static TransactionReply ReadTransactionReply(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 8, "TransactionReply");
            var status = (SettlementStatus)reader.ReadUInt16();
            var message = ReadOptionalString(ref reader, "message");
            var visitId = ReadOptionalString(ref reader, "visitId");
            var settlementId = ReadOptionalString(ref reader, "settlementId");
            var settlement = reader.TryReadNil() ? null : ReadSettlementFigures(ref reader);
            var lines = ReadList(ref reader, ProtocolLimits.FeeLinesPerBatchMax, "lines", ReadLineResult);
            var person = reader.TryReadNil() ? null : ReadPersonFigures(ref reader);
            var reconciliation = reader.TryReadNil() ? null : ReadReconciliationFigures(ref reader);
            return new TransactionReply
            {
                Status = status,
                Message = message,
                VisitId = visitId,
                SettlementId = settlementId,
                Settlement = settlement,
                Lines = lines,
                Person = person,
                Reconciliation = reconciliation,
            };
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

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
            MedfeeSumamt = ReadMoney(ref reader, "medfee_sumamt"),
            FulamtOwnpayAmt = ReadMoney(ref reader, "fulamt_ownpay_amt"),
            OverlmtSelfpay = ReadMoney(ref reader, "overlmt_selfpay"),
            PreselfpayAmt = ReadMoney(ref reader, "preselfpay_amt"),
            InscpScpAmt = ReadMoney(ref reader, "inscp_scp_amt"),
            ActPayDedc = ReadMoney(ref reader, "act_pay_dedc"),
            PoolPropSelfpay = ReadRatio(ref reader, "pool_prop_selfpay"),
            HifpPay = ReadMoney(ref reader, "hifp_pay"),
            CvlservPay = ReadMoney(ref reader, "cvlserv_pay"),
            FundPaySumamt = ReadMoney(ref reader, "fund_pay_sumamt"),
            PsnPartAmt = ReadMoney(ref reader, "psn_part_amt"),
            AcctPay = ReadMoney(ref reader, "acct_pay"),
            PsnCashPay = ReadMoney(ref reader, "psn_cash_pay"),
            Balc = ReadMoney(ref reader, "balc"),
            FilingCategory = ReadFilingCategory(ref reader),
            Year = reader.ReadInt32(),
        };
    }

    private static void WriteLineResult(ref MessagePackWriter writer, LineResult value)
    {
        ArgumentNullException.ThrowIfNull(value, "lines[]");
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
        var grade = ReadCatalogGrade(ref reader);
        var fulamtOwnpayAmt = ReadMoney(ref reader, "fulamt_ownpay_amt");
        var overlmtAmt = ReadMoney(ref reader, "overlmt_amt");
        var preselfpayAmt = ReadMoney(ref reader, "preselfpay_amt");
        var inscpScpAmt = ReadMoney(ref reader, "inscp_scp_amt");
        return new LineResult(lineNo, grade, fulamtOwnpayAmt, overlmtAmt, preselfpayAmt, inscpScpAmt);
    }

    private static void WritePersonFigures(ref MessagePackWriter writer, PersonFigures value)
    {
        writer.WriteArrayHeader(2);
        WriteMoney(ref writer, value.AccountBalance);
        var accumulators = OrEmpty(value.Accumulators);
        WriteArrayHeader(ref writer, accumulators.Length, ProtocolLimits.CollectionLengthMax, "accumulators");
        foreach (var accumulator in accumulators) WriteAccumulatorFigures(ref writer, accumulator);
    }

    private static PersonFigures ReadPersonFigures(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 2, "PersonFigures");
        var accountBalance = ReadMoney(ref reader, "accountBalance");
        var accumulators = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "accumulators",
            ReadAccumulatorFigures);
        return new PersonFigures(accountBalance, accumulators);
    }

    private static void WriteAccumulatorFigures(ref MessagePackWriter writer, AccumulatorFigures value)
    {
        ArgumentNullException.ThrowIfNull(value, "accumulators[]");
        writer.WriteArrayHeader(5);
        writer.Write(value.Year);
        WriteString(ref writer, value.Bucket, "bucket");
        WriteMoney(ref writer, value.DeductibleUsed);
        WriteMoney(ref writer, value.FundPaid);
        WriteMoney(ref writer, value.CivilServantPaid);
    }

    private static AccumulatorFigures ReadAccumulatorFigures(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 5, "AccumulatorFigures");
        var year = reader.ReadInt32();
        var bucket = ReadCode(ref reader, "bucket");
        var deductibleUsed = ReadMoney(ref reader, "deductibleUsed");
        var fundPaid = ReadMoney(ref reader, "fundPaid");
        var civilServantPaid = ReadMoney(ref reader, "civilServantPaid");
        return new AccumulatorFigures(year, bucket, deductibleUsed, fundPaid, civilServantPaid);
    }

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
        var medfeeSum = ReadMoney(ref reader, "medfeeSum");
        var fundPaySum = ReadMoney(ref reader, "fundPaySum");
        var acctPaySum = ReadMoney(ref reader, "acctPaySum");
        return new ReconciliationFigures(balanced, count, medfeeSum, fundPaySum, acctPaySum);
    }

    private static FilingCategory ReadFilingCategory(ref MessagePackReader reader) =>
        (FilingCategory)ReadInt32In(ref reader, (int)FilingCategory.Local, (int)FilingCategory.TemporaryOther,
            "filing_category");

    private static CatalogGrade ReadCatalogGrade(ref MessagePackReader reader) =>
        (CatalogGrade)ReadInt32In(ref reader, (int)CatalogGrade.A, (int)CatalogGrade.C, "grade");
}
