using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;

namespace Engine.Scenarios;

/// <summary>
/// Writes a <see cref="ResultsDocument"/> as JSON exactly as scenario-format.md §4 shows it. Money is written from
/// <see cref="Money.ToString"/> as a raw JSON number with exactly two decimals (<c>402.45</c>, <c>-90.00</c>,
/// <c>0.00</c>), so no binary floating point is ever involved; ratios likewise (<c>0.55</c>).
/// </summary>
public static class ResultsDocumentWriter
{
    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    /// <summary>Writes the document as UTF-8 to <paramref name="utf8Json"/>, indented (two spaces) or not.</summary>
    public static void Write(ResultsDocument document, Stream utf8Json, bool indented = true)
    {
        using var writer = new Utf8JsonWriter(utf8Json, Options(indented));
        Write(document, writer);
    }

    /// <summary>The document as JSON text.</summary>
    public static string ToJson(ResultsDocument document, bool indented = true)
    {
        using var stream = new MemoryStream();
        Write(document, stream, indented);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the document to <paramref name="writer"/> and flushes it.</summary>
    public static void Write(ResultsDocument document, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", document.Name);
        writer.WriteStartArray("results");
        foreach (var result in document.Results)
        {
            WriteResult(writer, result);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static JsonWriterOptions Options(bool indented) => new()
    {
        Indented = indented,
        // Names and ids stay readable (Chinese text unescaped); HTML-sensitive characters are still escaped.
        Encoder = Encoder,
        NewLine = "\n",
    };

    private static void WriteResult(Utf8JsonWriter writer, StepResult result)
    {
        writer.WriteStartObject();
        writer.WriteNumber("step", result.Step);
        writer.WriteString("op", result.Op);
        writer.WriteString("status", result.IsOk ? "ok" : "rejected");
        if (!result.IsOk) writer.WriteString("error", result.Status.ToCode());
        if (result.VisitId is not null) writer.WriteString("visitId", result.VisitId);
        if (result.SettlementId is not null) writer.WriteString("settlementId", result.SettlementId);
        if (result.Settlement is not null) WriteSettlement(writer, result.Settlement);
        if (!result.Lines.IsDefault) WriteLines(writer, result.Lines);
        if (result.Person is not null) WritePerson(writer, result.Person);
        if (result.Reconciliation is not null) WriteReconciliation(writer, result.Reconciliation);
        writer.WriteEndObject();
    }

    private static void WriteSettlement(Utf8JsonWriter writer, SettlementFigures figures)
    {
        writer.WriteStartObject("settlement");
        WriteMoney(writer, "medfee_sumamt", figures.MedfeeSumamt);
        WriteMoney(writer, "fulamt_ownpay_amt", figures.FulamtOwnpayAmt);
        WriteMoney(writer, "overlmt_selfpay", figures.OverlmtSelfpay);
        WriteMoney(writer, "preselfpay_amt", figures.PreselfpayAmt);
        WriteMoney(writer, "inscp_scp_amt", figures.InscpScpAmt);
        WriteMoney(writer, "act_pay_dedc", figures.ActPayDedc);
        writer.WritePropertyName("pool_prop_selfpay");
        writer.WriteRawValue(figures.PoolPropSelfpay.ToString());
        WriteMoney(writer, "hifp_pay", figures.HifpPay);
        WriteMoney(writer, "cvlserv_pay", figures.CvlservPay);
        WriteMoney(writer, "fund_pay_sumamt", figures.FundPaySumamt);
        WriteMoney(writer, "psn_part_amt", figures.PsnPartAmt);
        WriteMoney(writer, "acct_pay", figures.AcctPay);
        WriteMoney(writer, "psn_cash_pay", figures.PsnCashPay);
        WriteMoney(writer, "balc", figures.Balc);
        writer.WriteString("filing_category", figures.FilingCategory.ToCode());
        writer.WriteNumber("year", figures.Year);
        writer.WriteEndObject();
    }

    private static void WriteLines(Utf8JsonWriter writer, IEnumerable<LineResult> lines)
    {
        writer.WriteStartArray("lines");
        foreach (var line in lines)
        {
            writer.WriteStartObject();
            writer.WriteNumber("lineNo", line.LineNo);
            writer.WriteString("grade", line.Grade.ToCode());
            WriteMoney(writer, "fulamt_ownpay_amt", line.FulamtOwnpayAmt);
            WriteMoney(writer, "overlmt_amt", line.OverlmtAmt);
            WriteMoney(writer, "preselfpay_amt", line.PreselfpayAmt);
            WriteMoney(writer, "inscp_scp_amt", line.InscpScpAmt);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WritePerson(Utf8JsonWriter writer, PersonFigures person)
    {
        writer.WriteStartObject("person");
        WriteMoney(writer, "accountBalance", person.AccountBalance);
        writer.WriteStartArray("accumulators");
        foreach (var accumulator in person.Accumulators.IsDefault ? [] : person.Accumulators)
        {
            writer.WriteStartObject();
            writer.WriteNumber("year", accumulator.Year);
            writer.WriteString("bucket", accumulator.Bucket);
            WriteMoney(writer, "deductibleUsed", accumulator.DeductibleUsed);
            WriteMoney(writer, "fundPaid", accumulator.FundPaid);
            WriteMoney(writer, "civilServantPaid", accumulator.CivilServantPaid);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteReconciliation(Utf8JsonWriter writer, ReconciliationFigures figures)
    {
        writer.WriteStartObject("reconciliation");
        writer.WriteBoolean("balanced", figures.Balanced);
        writer.WriteNumber("count", figures.Count);
        WriteMoney(writer, "medfeeSum", figures.MedfeeSum);
        WriteMoney(writer, "fundPaySum", figures.FundPaySum);
        WriteMoney(writer, "acctPaySum", figures.AcctPaySum);
        writer.WriteEndObject();
    }

    private static void WriteMoney(Utf8JsonWriter writer, string name, Money amount)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(amount.ToString()); // "402.45", "-90.00": exact text from integer fen.
    }
}
