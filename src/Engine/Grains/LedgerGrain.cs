using System.Collections.Immutable;
using Engine.Accounting;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Orleans.Concurrency;

namespace Engine.Grains;

/// <summary>Reconciliation and clearing from the silo's ledger store; one activation per silo as needed.</summary>
/// <remarks>
/// Reentrant for the reason <see cref="ReversalGrain"/> is: it keeps nothing between calls and spends a call awaiting
/// the store, so without it a silo answers one 3201 per core at a time while the others queue (institutions tend to
/// reconcile at the same hour). The store's connection pool bounds the queries in flight.
/// </remarks>
[StatelessWorker, Reentrant]
public sealed class LedgerGrain(ILedgerStore ledger) : Grain, ILedgerGrain
{
    /// <inheritdoc />
    public async Task<TransactionReply> ReconcileAsync(ReconcileRequest request) =>
        TransactionReply.Ok with { Reconciliation = await ledger.ReconcileAsync(request) };

    /// <inheritdoc />
    public async Task<ImmutableArray<ClearingLine>> GetClearingAsync(int year, int month) =>
        await ledger.ClearingAsync(year, month);
}
