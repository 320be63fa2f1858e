using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Engine.Contracts.Messages;

namespace Engine.Lifecycle;

/// <summary>
/// A committed settlement with the exact figures (and so the deltas) it applied: 2208 and 2601 undo exactly
/// these, never a recomputation (rules.md §7).
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("Engine.Lifecycle.SettlementRecord")]
public sealed class SettlementRecord
{
    /// <summary>The settlement id (setl_id).</summary>
    [Id(0)] public required string SettlementId { get; init; }

    /// <summary>The settled visit.</summary>
    [Id(1)] public required string VisitId { get; init; }

    /// <summary>The visit's institution.</summary>
    [Id(2)] public required string Institution { get; init; }

    /// <summary>The 2207's msgId.</summary>
    [Id(3)] public required string MsgId { get; init; }

    /// <summary>The 2207's business time: its reconciliation day and clearing month.</summary>
    [Id(4)] public required DateTime At { get; init; }

    /// <summary>The committed figures; the deltas are act_pay_dedc, hifp_pay, cvlserv_pay and acct_pay.</summary>
    [Id(5)] public required SettlementFigures Figures { get; init; }

    /// <summary>The accumulator bucket the deltas went to (the year is in <see cref="Figures"/>).</summary>
    [Id(6)] public required string Bucket { get; init; }

    // A plain array: Orleans serializes an ImmutableArray through a surrogate that copies it first.
    [Id(10)] private string[]? batchNos;

    /// <summary>The batches whose lines this settlement settled.</summary>
    public required ImmutableArray<string> BatchNos
    {
        get => ImmutableCollectionsMarshal.AsImmutableArray(batchNos);
        init => batchNos = ImmutableCollectionsMarshal.AsArray(value);
    }

    /// <summary>Current state.</summary>
    [Id(8)] public SettlementState State { get; set; }

    /// <summary>Every 2208 of this settlement, in order.</summary>
    [Id(9)] public List<CancellationRecord> Cancellations { get; init; } = [];
}
