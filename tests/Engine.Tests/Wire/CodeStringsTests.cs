using System.Text;
using Engine.Contracts.Wire;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

/// <summary>Short codes decode to one shared instance each; identifiers and long strings do not.</summary>
public sealed class CodeStringsTests
{
    [Fact]
    public void TwoDecodedUploads_ShareTheirBatchNumber_NotTheirIdentifiers()
    {
        var value = UploadFees();
        var body = Body(value, MessageCodec.Write);

        var first = Decode(body, MessageCodec.ReadUploadFeesRequest);
        var second = Decode(body, MessageCodec.ReadUploadFeesRequest);

        Assert.Equal(value.BatchNo, first.BatchNo);
        Assert.Same(first.BatchNo, second.BatchNo);
        Assert.Equal(first.MsgId, second.MsgId);
        Assert.NotSame(first.MsgId, second.MsgId);
        Assert.NotSame(first.VisitId, second.VisitId);
    }

    [Fact]
    public void EqualCodes_AreOneInstance_LongStringsAreNot()
    {
        var code = Encoding.UTF8.GetBytes("410100");
        var longText = Encoding.UTF8.GetBytes(new string('x', CodeStrings.LengthMax + 1));

        Assert.Same(CodeStrings.Get(code), CodeStrings.Get(code.ToArray()));
        Assert.Equal("410100", CodeStrings.Get(code));
        Assert.NotSame(CodeStrings.Get(longText), CodeStrings.Get(longText));
        Assert.Equal(new string('x', CodeStrings.LengthMax + 1), CodeStrings.Get(longText));
        Assert.Same(string.Empty, CodeStrings.Get([]));
    }

    [Fact]
    public void ManyMoreCodesThanSlots_EachDecodesToItsOwnValue()
    {
        // 20,000 distinct codes share 1,024 slots: codes evict each other, and every answer is still the code's own.
        var codes = Enumerable.Range(0, 20_000).Select(i => $"C{i:D6}").ToArray();

        for (var round = 0; round < 2; round++)
        {
            foreach (var code in codes) Assert.Equal(code, CodeStrings.Get(Encoding.UTF8.GetBytes(code)));
        }
    }

    [Fact]
    public void ConcurrentReaders_AlwaysGetTheirOwnCode()
    {
        var codes = Enumerable.Range(0, 4_096).Select(i => $"Z{i:D4}").ToArray();
        var bytes = codes.Select(Encoding.UTF8.GetBytes).ToArray();
        var wrong = 0;

        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                var k = (i * 7919 + worker * 104_729) % codes.Length;
                if (!string.Equals(CodeStrings.Get(bytes[k]), codes[k], StringComparison.Ordinal)) Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }
}
