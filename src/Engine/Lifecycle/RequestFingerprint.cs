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
    public static UInt128 Of(RegisterRequest r)
    {
        var h = Begin(Operation.Register);
        Add(h, r.PsnNo);
        Add(h, (long)r.MedType);
        Add(h, r.Disease);
        Add(h, r.Emergency ? 1 : 0);
        Add(h, r.At.Ticks);
        return h.GetCurrentHashAsUInt128();
    }

    /// <summary>Fingerprint of a 2202.</summary>
    public static UInt128 Of(CancelRegistrationRequest r)
    {
        var h = Begin(Operation.CancelRegistration);
        Add(h, r.VisitId);
        Add(h, r.At.Ticks);
        return h.GetCurrentHashAsUInt128();
    }

    /// <summary>Fingerprint of a 2204, lines included.</summary>
    public static UInt128 Of(UploadFeesRequest r)
    {
        var h = Begin(Operation.UploadFees);
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
        return h.GetCurrentHashAsUInt128();
    }

    /// <summary>Fingerprint of a 2205.</summary>
    public static UInt128 Of(CancelFeesRequest r)
    {
        var h = Begin(Operation.CancelFees);
        Add(h, r.VisitId);
        Add(h, r.BatchNo);
        Add(h, r.At.Ticks);
        return h.GetCurrentHashAsUInt128();
    }

    /// <summary>Fingerprint of a 2207.</summary>
    public static UInt128 Of(SettleRequest r)
    {
        var h = Begin(Operation.Settle);
        Add(h, r.VisitId);
        Add(h, r.UseAccount ? 1 : 0);
        Add(h, r.At.Ticks);
        return h.GetCurrentHashAsUInt128();
    }

    /// <summary>Fingerprint of a 2208.</summary>
    public static UInt128 Of(CancelSettlementRequest r)
    {
        var h = Begin(Operation.CancelSettlement);
        Add(h, r.SettlementId);
        Add(h, r.At.Ticks);
        return h.GetCurrentHashAsUInt128();
    }

    /// <summary>Fingerprint of a 2601.</summary>
    public static UInt128 Of(ReverseRequest r)
    {
        var h = Begin(Operation.Reverse);
        Add(h, r.OriginalMsgId);
        Add(h, r.OriginalOp);
        Add(h, r.At.Ticks);
        return h.GetCurrentHashAsUInt128();
    }

    // One hasher per thread, reset for each request: a new XxHash128 and the closure that filled it were about 700 B
    // of garbage per state-changing request (an allocation profile of the silo, docs/performance.md). Safe because a
    // fingerprint is computed start to end on one thread, with no await in between.
    [ThreadStatic] private static XxHash128? hasher;

    private static XxHash128 Begin(Operation operation)
    {
        var hash = hasher ??= new XxHash128();
        hash.Reset();
        Add(hash, (long)operation);
        return hash;
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
