using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;

namespace Engine.Tests.Lifecycle;

/// <summary>Content is every member but the key (institution, msgId), after defaults (scenario-format.md §3).</summary>
public sealed class RequestFingerprintTests
{
    private static readonly DateTime At = new(2025, 3, 10, 9, 0, 0);

    private static readonly RegisterRequest Register =
        new("M1", "H36010200001", "36010000000000000001", MedType.General, null, false, At);

    private static UploadFeesRequest Upload(decimal quantity = 2m, decimal amount = 30m) =>
        new("M1", "H1", "P-V1", "B1", At,
            [new FeeLine(1, "XB01", Quantity.FromDecimal(quantity), Quantity.FromDecimal(15m),
                Money.FromYuan(amount))]);

    [Fact]
    public void Of_SameContentOtherKey_IsTheSame()
    {
        Assert.Equal(RequestFingerprint.Of(Register),
            RequestFingerprint.Of(Register with { MsgId = "M2", Institution = "H36010000001" }));
    }

    [Fact]
    public void Of_RegisterWithAnyMemberChanged_Differs()
    {
        var original = RequestFingerprint.Of(Register);

        Assert.NotEqual(original, RequestFingerprint.Of(Register with { PsnNo = "36010000000000000002" }));
        Assert.NotEqual(original, RequestFingerprint.Of(Register with { MedType = MedType.Chronic }));
        Assert.NotEqual(original, RequestFingerprint.Of(Register with { Disease = "" }));
        Assert.NotEqual(original, RequestFingerprint.Of(Register with { Emergency = true }));
        Assert.NotEqual(original, RequestFingerprint.Of(Register with { At = At.AddSeconds(1) }));
    }

    [Fact]
    public void Of_UploadWithALineChanged_Differs()
    {
        Assert.Equal(RequestFingerprint.Of(Upload()), RequestFingerprint.Of(Upload()));
        Assert.NotEqual(RequestFingerprint.Of(Upload()), RequestFingerprint.Of(Upload(quantity: 2.0001m)));
        Assert.NotEqual(RequestFingerprint.Of(Upload()), RequestFingerprint.Of(Upload(amount: 30.01m)));
    }

    [Fact]
    public void Of_DifferentOperationsWithLookalikeMembers_Differ()
    {
        var settle = new SettleRequest("M1", "H1", "P-V1", false, At);
        var cancelRegistration = new CancelRegistrationRequest("M1", "H1", "P-V1", At);

        Assert.NotEqual(RequestFingerprint.Of(settle), RequestFingerprint.Of(cancelRegistration));
        Assert.NotEqual(RequestFingerprint.Of(settle), RequestFingerprint.Of(settle with { UseAccount = true }));
    }

    [Fact]
    public void Of_Settle_IsXxHash128OfTheLengthPrefixedMembers()
    {
        // Fingerprints are stored with each message record and compared with retransmissions after restarts: the
        // encoding must never change. One hasher is reused per thread, so another request is hashed first.
        var settle = new SettleRequest("M1", "H1", "P-V1", true, At);
        _ = RequestFingerprint.Of(Upload());

        var expected = new List<byte>();
        void Int64(long value)
        {
            var bytes = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            expected.AddRange(bytes);
        }
        Int64((long)Operation.Settle);
        Int64(settle.VisitId.Length);
        expected.AddRange(MemoryMarshal.AsBytes(settle.VisitId.AsSpan()).ToArray());
        Int64(1);
        Int64(At.Ticks);

        Assert.Equal(XxHash128.HashToUInt128(expected.ToArray()), RequestFingerprint.Of(settle));
    }
}
