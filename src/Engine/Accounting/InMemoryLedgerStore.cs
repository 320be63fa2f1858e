using System.Collections.Immutable;
using Engine.Contracts.Messages;
using Engine.Lifecycle;

namespace Engine.Accounting;

/// <summary>
/// The ledger of an in-memory (not durable) run: its rows spread over <see cref="ShardCount"/>
/// <see cref="SettlementBook"/>s by event id, each behind its own lock.
/// </summary>
/// <remarks>
/// Every settlement adds a row, so the books grow for as long as the process runs. One book behind one lock held
/// every settle while its dictionaries doubled (at a million rows, tens of milliseconds: <c>Engine.Benchmarks
/// growth</c>, docs/performance.md); a part grows a <see cref="ShardCount"/>th of that at a time, and settles of
/// other parts go on meanwhile. An event and its retraction share an id, so they meet in the same book. A batch
/// takes the locks of its books in order and holds them together, and 3201 and clearing take every lock: they see
/// a person's batch whole or not at all, as they would see one committed write of it on PostgreSQL.
/// </remarks>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    /// <summary>How many books the rows are spread over.</summary>
    public const int ShardCount = 64;

    private readonly SettlementBook[] books = Enumerable.Range(0, ShardCount).Select(_ => new SettlementBook()).ToArray();
    private static readonly int[] EveryShard = Enumerable.Range(0, ShardCount).ToArray();

    private readonly Lock[] gates = Enumerable.Range(0, ShardCount).Select(_ => new Lock()).ToArray();

    /// <inheritdoc />
    public ValueTask AppendAsync(IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 1)
        {
            var shard = ShardOf(events[0]);
            lock (gates[shard])
            {
                books[shard].Apply(events[0]);
            }
            return ValueTask.CompletedTask;
        }
        var shards = events.Select(ShardOf).Distinct().Order().ToArray();
        Enter(shards);
        try
        {
            foreach (var ledgerEvent in events)
            {
                books[ShardOf(ledgerEvent)].Apply(ledgerEvent);
            }
        }
        finally
        {
            Exit(shards);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ReconciliationFigures> ReconcileAsync(
        ReconcileRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(WithEveryBook(() => SettlementBook.Reconcile(request, books)));

    /// <inheritdoc />
    public ValueTask<ImmutableArray<ClearingLine>> ClearingAsync(
        int year, int month, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(WithEveryBook(() => SettlementBook.Clearing(year, month, books)));

    private T WithEveryBook<T>(Func<T> read)
    {
        Enter(EveryShard);
        try
        {
            return read();
        }
        finally
        {
            Exit(EveryShard);
        }
    }

    // Always in ascending order, so two batches (or a batch and a 3201) never wait for each other's locks.
    private void Enter(int[] ascending)
    {
        foreach (var shard in ascending) gates[shard].Enter();
    }

    private void Exit(int[] ascending)
    {
        for (var i = ascending.Length - 1; i >= 0; i--) gates[ascending[i]].Exit();
    }

    private static int ShardOf(LedgerEvent ledgerEvent) =>
        (int)((uint)StringComparer.Ordinal.GetHashCode(ledgerEvent.EventId) % ShardCount);
}
