using Engine.Contracts.Domain;
using Engine.Settlement;

namespace Engine.Lifecycle;

/// <summary>A registered visit (mdtrt) and its fee batches, in upload order.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("Engine.Lifecycle.VisitRecord")]
public sealed class VisitRecord
{
    /// <summary>The visit id (mdtrt_id), see <see cref="EntityIds"/>.</summary>
    [Id(0)] public required string VisitId { get; init; }

    /// <summary>The institution that registered the visit; only it may touch the visit.</summary>
    [Id(1)] public required string Institution { get; init; }

    /// <summary>The institution's region: the treatment region of clearing.</summary>
    [Id(2)] public required string TreatmentRegion { get; init; }

    /// <summary>11 or 14.</summary>
    [Id(3)] public required MedType MedType { get; init; }

    /// <summary>Eligibility and rule, fixed at registration.</summary>
    [Id(4)] public required VisitTerms Terms { get; init; }

    /// <summary>The registration's business time.</summary>
    [Id(5)] public required DateTime RegisteredAt { get; init; }

    /// <summary>The engine clock when the visit last changed state; drives retention of closed visits.</summary>
    [Id(6)] public DateTime TouchedAtUtc { get; set; }

    /// <summary>Current state.</summary>
    [Id(7)] public VisitStatus Status { get; set; }

    /// <summary>The active settlement while <see cref="VisitStatus.Settled"/>.</summary>
    [Id(8)] public string? ActiveSettlementId { get; set; }

    /// <summary>Uploaded batches, in upload order.</summary>
    [Id(9)] public List<FeeBatch> Batches { get; init; } = [];
}
