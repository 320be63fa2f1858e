using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Engine.Contracts.Messages;

namespace Engine.Lifecycle;

/// <summary>
/// The 128-bit content hash that tells a retransmission from a msgId reused for other content (rules.md §7).
/// Content is every member but the key (institution, msgId); each member is length-prefixed so that no two
/// different requests share an encoding.
/// </summary>
public static class RequestFingerprint
{
    /// <summary>Fingerprint of a 2201.</summary>
    public static UInt128 Of(RegisterRequest r) => Hash(Operation.Register, h =>
    {
        Add(h, r.PsnNo);
        Add(h, (long)r.MedType);
        Add(h, r.Disease);
        Add(h, r.Emergency ? 1 : 0);
        Add(h, r.At.Ticks);
    });

    /// <summary>Fingerprint of a 2202.</summary>
    public static UInt128 Of(CancelRegistrationRequest r) => Hash(Operation.CancelRegistration, h =>
    {
        Add(h, r.VisitId);
        Add(h, r.At.Ticks);
    });

    /// <summary>Fingerprint of a 2204, lines included.</summary>
    public static UInt128 Of(UploadFeesRequest r) => Hash(Operation.UploadFees, h =>
    {
        Add(h, r.VisitId);
        Add(h, r.BatchNo);
        Add(h, r.At.Ticks);
        var lines = r.Lines.IsDefault ? [] : r.Lines;
        Add(h, lines.Length);
        foreach (var line in lines)
        {
            if (line is null)
            {
                Add(h, -1); // A missing line: rejected by validation, but it must still have a fingerprint.
                continue;
            }
            Add(h, line.LineNo);
            Add(h, line.Code);
            Add(h, line.Quantity.TenThousandths);
            Add(h, line.UnitPrice.TenThousandths);
            Add(h, line.Amount.Fen);
        }
    });

    /// <summary>Fingerprint of a 2205.</summary>
    public static UInt128 Of(CancelFeesRequest r) => Hash(Operation.CancelFees, h =>
    {
        Add(h, r.VisitId);
        Add(h, r.BatchNo);
        Add(h, r.At.Ticks);
    });

    /// <summary>Fingerprint of a 2207.</summary>
    public static UInt128 Of(SettleRequest r) => Hash(Operation.Settle, h =>
    {
        Add(h, r.VisitId);
        Add(h, r.UseAccount ? 1 : 0);
        Add(h, r.At.Ticks);
    });

    /// <summary>Fingerprint of a 2208.</summary>
    public static UInt128 Of(CancelSettlementRequest r) => Hash(Operation.CancelSettlement, h =>
    {
        Add(h, r.SettlementId);
        Add(h, r.At.Ticks);
    });

    /// <summary>Fingerprint of a 2601.</summary>
    public static UInt128 Of(ReverseRequest r) => Hash(Operation.Reverse, h =>
    {
        Add(h, r.OriginalMsgId);
        Add(h, r.OriginalOp);
        Add(h, r.At.Ticks);
    });

    private static UInt128 Hash(Operation operation, Action<XxHash128> append)
    {
        var hash = new XxHash128();
        Add(hash, (long)operation);
        append(hash);
        return hash.GetCurrentHashAsUInt128();
    }

    private static void Add(XxHash128 hash, long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        hash.Append(bytes);
    }

    private static void Add(XxHash128 hash, string? value)
    {
        Add(hash, value is null ? -1 : value.Length); // Null and "" differ; the length prefix ends the string.
        if (value is not null) hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
    }
}
