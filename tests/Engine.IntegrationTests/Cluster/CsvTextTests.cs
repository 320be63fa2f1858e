using Engine.Hosting;

namespace Engine.IntegrationTests.Cluster;

/// <summary>The CSV of the exports: RFC 4180 quoting, and yuan printed exactly from integer fen.</summary>
public sealed class CsvTextTests
{
    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(1L, "0.01")]
    [InlineData(-5L, "-0.05")]
    [InlineData(-100L, "-1.00")]
    [InlineData(40245L, "402.45")]
    [InlineData(100_000_000_000_000L, "1000000000000.00")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    [InlineData(long.MinValue, "-92233720368547758.08")]
    public void Yuan_Fen_ExactTwoDecimals(long fen, string expected)
    {
        Assert.Equal(expected, CsvText.Yuan(fen));
    }

    [Theory]
    [InlineData("H36010200001", "H36010200001")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\r", "\"cr\r\"")]
    [InlineData("东湖区", "东湖区")]
    public void Field_Value_QuotedOnlyWhenRfc4180NeedsIt(string value, string expected)
    {
        Assert.Equal(expected, CsvText.Field(value));
    }

    [Fact]
    public void WriteRecord_Fields_CommaSeparatedCrLfTerminated()
    {
        using var output = new StringWriter();

        CsvText.WriteRecord(output, "a", "b,c", "");

        Assert.Equal("a,\"b,c\",\r\n", output.ToString());
    }
}
