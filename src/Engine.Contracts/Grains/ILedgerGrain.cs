using System.Collections.Immutable;
using Engine.Contracts.Messages;

namespace Engine.Contracts.Grains;

/// <summary>Reconciliation (3201) and clearing figures from the settlement ledger. A stateless worker.</summary>
[Alias("Engine.Contracts.Grains.ILedgerGrain")]
public interface ILedgerGrain : IGrainWithIntegerKey
{
    /// <summary>3201 for an institution's day.</summary>
    [Alias("ReconcileAsync")]
    Task<TransactionReply> ReconcileAsync(ReconcileRequest request);

    /// <summary>The month's clearing statement per (insured region, treatment region).</summary>
    [Alias("GetClearingAsync")]
    Task<ImmutableArray<ClearingLine>> GetClearingAsync(int year, int month);
}
