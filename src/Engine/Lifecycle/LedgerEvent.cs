using Engine.Contracts.Messages;

namespace Engine.Lifecycle;

/// <summary>
/// A row for reconciliation (per institution and day) and clearing (per insured and treatment region and month),
/// queued in the person's outbox in the same commit as the transaction, and applied by the aggregates
/// idempotently by <see cref="EventId"/>. A retraction removes an earlier row (2601: "as if it never happened").
/// </summary>
/// <param name="EventId">Unique: the settlement id plus "#s" for its settlement row or "#c&lt;n&gt;" for a cancellation.</param>
/// <param name="Figures">The row's signed figures (a cancellation row carries the negated amounts).</param>
/// <param name="Retracts">True: this event removes the row <see cref="EventId"/> applied earlier.</param>
[GenerateSerializer, SuppressReferenceTracking, Alias("Engine.Lifecycle.LedgerEvent")]
public sealed record LedgerEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Institution,
    [property: Id(2)] DateTime At,
    [property: Id(3)] string InsuredRegion,
    [property: Id(4)] string TreatmentRegion,
    [property: Id(5)] SettlementFigures Figures,
    [property: Id(6)] bool Retracts);
