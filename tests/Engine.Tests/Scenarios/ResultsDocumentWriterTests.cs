using System.Text;
using System.Text.Json;
using Engine.Contracts.Domain;
using Engine.Scenarios;

namespace Engine.Tests.Scenarios;

public sealed class ResultsDocumentWriterTests
{
    [Fact]
    public void ToJson_Compact_WritesExactFormat()
    {
        var json = ResultsDocumentWriter.ToJson(SampleResults.Document, indented: false);

        Assert.Equal(SampleResults.CompactJson, json);
    }

    [Fact]
    public void ToJson_Indented_IsTheSameDocumentOverLfLines()
    {
        var json = ResultsDocumentWriter.ToJson(SampleResults.Document);

        Assert.DoesNotContain('\r', json);
        Assert.StartsWith("{\n  \"name\": \"Ex 2: 跨起付线\",\n  \"results\": [\n    {\n      \"step\": 0,", json);
        Assert.Contains("\"hifp_pay\": -90.00,", json, StringComparison.Ordinal);
        using var indented = JsonDocument.Parse(json);
        using var compact = JsonDocument.Parse(SampleResults.CompactJson);
        Assert.True(JsonElement.DeepEquals(compact.RootElement, indented.RootElement));
    }

    [Fact]
    public void Write_Stream_WritesUtf8WithoutBom()
    {
        using var stream = new MemoryStream();

        ResultsDocumentWriter.Write(SampleResults.Document, stream, indented: false);

        Assert.Equal(SampleResults.CompactJson, Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void ToJson_RejectionWithoutBody_WritesOnlyStepOpStatusError()
    {
        var document = new ResultsDocument("n", [new StepResult(7, "settle", SettlementStatus.DuplicateMsgId)]);

        var json = ResultsDocumentWriter.ToJson(document, indented: false);

        Assert.Equal(
            """{"name":"n","results":[{"step":7,"op":"settle","status":"rejected","error":"DUPLICATE_MSGID"}]}""",
            json);
    }

    [Fact]
    public void ToJson_HtmlSensitiveName_IsEscaped()
    {
        var json = ResultsDocumentWriter.ToJson(new ResultsDocument("<a & \"b\">", []), indented: false);

        using var document = JsonDocument.Parse(json);
        Assert.Equal("<a & \"b\">", document.RootElement.GetProperty("name").GetString());
        Assert.DoesNotContain('<', json);
    }
}
