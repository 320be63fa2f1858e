using System.Collections.Immutable;
using Engine.Accounting;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Orleans.Concurrency;

namespace Engine.Grains;

/// <summary>Reconciliation and clearing from the silo's ledger store; one activation per silo as needed.</summary>
[StatelessWorker]
public sealed class LedgerGrain(ILedgerStore ledger) : Grain, ILedgerGrain
{
    /// <inheritdoc />
    public async Task<TransactionReply> ReconcileAsync(ReconcileRequest request) =>
        TransactionReply.Ok with { Reconciliation = await ledger.ReconcileAsync(request) };

    /// <inheritdoc />
    public async Task<ImmutableArray<ClearingLine>> GetClearingAsync(int year, int month) =>
        await ledger.ClearingAsync(year, month);
}
