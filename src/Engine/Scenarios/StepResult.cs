using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;

namespace Engine.Scenarios;

/// <summary>
/// One entry of the results document (scenario-format.md §4): the engine's reply to one step. The optional members
/// are set only where the format carries them (for example <see cref="VisitId"/> for an accepted registration); the
/// writer writes exactly the members that are set.
/// </summary>
/// <param name="Step">The step's index, from 0.</param>
/// <param name="Op">The step's op, copied.</param>
/// <param name="Status"><see cref="SettlementStatus.Ok"/>, or the rejection written as <c>error</c>.</param>
public sealed record StepResult(int Step, string Op, SettlementStatus Status)
{
    /// <summary>Is this an accepted step (<c>"status": "ok"</c>).</summary>
    public bool IsOk => Status == SettlementStatus.Ok;

    /// <summary>The engine's detail of a rejection, for diagnostics; not part of the results document.</summary>
    public string? Message { get; init; }

    /// <summary><c>visitId</c> of an accepted <c>register</c>.</summary>
    public string? VisitId { get; init; }

    /// <summary><c>settlementId</c> of an accepted <c>settle</c>.</summary>
    public string? SettlementId { get; init; }

    /// <summary><c>settlement</c> of an accepted <c>preSettle</c>, <c>settle</c> or <c>cancelSettlement</c>.</summary>
    public SettlementFigures? Settlement { get; init; }

    /// <summary><c>lines</c> of an accepted <c>uploadFees</c>; default (not empty) when absent.</summary>
    public ImmutableArray<LineResult> Lines { get; init; }

    /// <summary><c>person</c> of an accepted <c>personInfo</c>.</summary>
    public PersonFigures? Person { get; init; }

    /// <summary><c>reconciliation</c> of an accepted <c>reconcile</c>.</summary>
    public ReconciliationFigures? Reconciliation { get; init; }
}
