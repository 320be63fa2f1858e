using System.Buffers;
using System.Security.Cryptography;
using Engine.Contracts.Wire;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

public sealed class FrameMacTests
{
    [Fact]
    public void Compute_IsTheFirst16BytesOfHmacSha256OfHeaderAndBody()
    {
        var key = Bytes(FrameMac.KeyBytes, 0x40);
        var data = Bytes(40, 0);
        var trailer = new byte[FrameMac.TrailerBytes];

        new FrameMac(key).Compute(data, trailer);

        Assert.Equal(HMACSHA256.HashData(key, data)[..16], trailer);
    }

    [Fact]
    public void Verify_UntouchedData_ReturnsTrue()
    {
        var mac = SessionMac();
        var data = Bytes(40, 0);
        var trailer = new byte[FrameMac.TrailerBytes];
        mac.Compute(data, trailer);

        Assert.True(mac.Verify(data, trailer));
    }

    [Fact]
    public void Verify_AnyByteOfDataOrTrailerTampered_ReturnsFalse()
    {
        var mac = SessionMac();
        var data = Bytes(40, 0);
        var trailer = new byte[FrameMac.TrailerBytes];
        mac.Compute(data, trailer);
        for (var index = 0; index < data.Length + trailer.Length; index++)
        {
            var tamperedData = (byte[])data.Clone();
            var tamperedTrailer = (byte[])trailer.Clone();
            if (index < data.Length) tamperedData[index] ^= 0x80;
            else tamperedTrailer[index - data.Length] ^= 0x80;

            Assert.False(mac.Verify(tamperedData, tamperedTrailer));
        }
    }

    [Fact]
    public void Verify_ShortTrailer_ReturnsFalse()
    {
        Assert.False(SessionMac().Verify(Bytes(40, 0), new byte[15]));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(5_000)]
    public void Verify_MultiSegmentData_MatchesTheContiguousResult(int length)
    {
        var mac = SessionMac();
        var data = Bytes(length, 3);
        var trailer = new byte[FrameMac.TrailerBytes];
        mac.Compute(data, trailer);

        Assert.True(mac.Verify(Split(data, 1, length / 2, length - 1), trailer));
        trailer[0] ^= 1;
        Assert.False(mac.Verify(Split(data, length / 2), trailer));
    }

    [Fact]
    public void Constructor_KeyOfWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FrameMac(new byte[16]));
    }

    [Fact]
    public void ComputeAndVerify_ManyThreadsAtOnce_AllAgreeWithTheOneShot()
    {
        var key = Bytes(FrameMac.KeyBytes, 0x40);
        using var mac = new FrameMac(key);
        var failures = 0;

        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var data = Bytes(20 + i % 200, i);
            var trailer = new byte[FrameMac.TrailerBytes];
            mac.Compute(data, trailer);
            var expected = HMACSHA256.HashData(key, data).AsSpan(0, FrameMac.TrailerBytes);
            if (!trailer.AsSpan().SequenceEqual(expected) || !mac.Verify(data, trailer))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Compute_AfterDispose_Throws()
    {
        var mac = SessionMac();
        mac.Dispose();
        mac.Dispose();

        Assert.Throws<ObjectDisposedException>(() => mac.Compute(Bytes(4, 0), new byte[FrameMac.TrailerBytes]));
    }
}
