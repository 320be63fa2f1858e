using System.Collections.Immutable;
using Engine.Settlement;

namespace Engine.Lifecycle;

/// <summary>One uploaded batch of a visit, classified at upload.</summary>
/// <param name="SettledBy">The settlement that settled the batch's lines, or null while they are unsettled.</param>
[GenerateSerializer, Alias("Engine.Lifecycle.FeeBatch")]
public sealed record FeeBatch(
    [property: Id(0)] string BatchNo,
    [property: Id(1)] ImmutableArray<ClassifiedLine> Lines,
    [property: Id(2)] LineTotals Totals,
    [property: Id(3)] string? SettledBy);
