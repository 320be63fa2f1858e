using System.Collections.Immutable;
using Engine.Contracts.Messages;
using Engine.Lifecycle;

namespace Engine.Accounting;

/// <summary>The ledger of an in-memory (not durable) run: a <see cref="SettlementBook"/> behind a lock.</summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly SettlementBook book = new();
    private readonly Lock gate = new();

    /// <inheritdoc />
    public ValueTask AppendAsync(IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            foreach (var ledgerEvent in events)
            {
                book.Apply(ledgerEvent);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ReconciliationFigures> ReconcileAsync(
        ReconcileRequest request, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return ValueTask.FromResult(book.Reconcile(request));
        }
    }

    /// <inheritdoc />
    public ValueTask<ImmutableArray<ClearingLine>> ClearingAsync(
        int year, int month, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return ValueTask.FromResult(book.Clearing(year, month));
        }
    }
}
