using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Engine.Settlement;

namespace Engine.Lifecycle;

/// <summary>One uploaded batch of a visit, classified at upload.</summary>
/// <remarks>
/// The lines are stored as a plain array: Orleans serializes an <see cref="ImmutableArray{T}"/> through a surrogate
/// that copies it first, and the person's whole state, every batch included, is serialized on every write.
/// </remarks>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Engine.Lifecycle.FeeBatch")]
public sealed record FeeBatch
{
    [Id(4)] private readonly ClassifiedLine[]? lines;

    /// <summary>A batch of <paramref name="lines"/>.</summary>
    /// <param name="settledBy">The settlement that settled the batch's lines, or null while they are unsettled.</param>
    public FeeBatch(string batchNo, ImmutableArray<ClassifiedLine> lines, LineTotals totals, string? settledBy)
    {
        BatchNo = batchNo;
        this.lines = ImmutableCollectionsMarshal.AsArray(lines);
        Totals = totals;
        SettledBy = settledBy;
    }

    /// <summary>The batch number, unique in the visit.</summary>
    [Id(0)] public string BatchNo { get; init; }

    /// <summary>The classified lines, in upload order.</summary>
    public ImmutableArray<ClassifiedLine> Lines => ImmutableCollectionsMarshal.AsImmutableArray(lines);

    /// <summary>The sums of <see cref="Lines"/>.</summary>
    [Id(2)] public LineTotals Totals { get; init; }

    /// <summary>The settlement that settled the batch's lines, or null while they are unsettled.</summary>
    [Id(3)] public string? SettledBy { get; init; }
}
