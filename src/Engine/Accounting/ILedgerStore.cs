using System.Collections.Immutable;
using Engine.Contracts.Messages;
using Engine.Lifecycle;

namespace Engine.Accounting;

/// <summary>
/// The settlement ledger behind reconciliation and clearing. A silo-level service (not a grain): persons append
/// their outbox events after committing, so no shared grain sits on the settlement path (unless their grain storage
/// committed the events with the state, see <see cref="IHasLedgerOutbox"/>). Appending is idempotent by event id;
/// when it returns, the events are as durable as the store.
/// </summary>
public interface ILedgerStore
{
    /// <summary>Appends events in order; events applied before are skipped.</summary>
    ValueTask AppendAsync(IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The engine's figures for an institution's day, balanced against the institution's own.</summary>
    ValueTask<ReconciliationFigures> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken = default);

    /// <summary>The month's clearing lines, ordered by insured then treatment region.</summary>
    ValueTask<ImmutableArray<ClearingLine>> ClearingAsync(int year, int month, CancellationToken cancellationToken = default);
}
