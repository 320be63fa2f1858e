using System.Collections.Concurrent;
using Engine.Accounting;
using Engine.Messaging;

namespace Engine.Hosting;

/// <summary>
/// The in-memory registry and ledger, one pair per service id in the process, so that several silos of one
/// in-process test cluster share them the way real silos share PostgreSQL.
/// </summary>
public static class InMemoryStores
{
    private static readonly ConcurrentDictionary<string, (InMemoryMessageRegistry Registry, InMemoryLedgerStore Ledger)> Stores =
        new(StringComparer.Ordinal);

    /// <summary>The stores of <paramref name="serviceId"/>.</summary>
    public static (InMemoryMessageRegistry Registry, InMemoryLedgerStore Ledger) For(string serviceId) =>
        Stores.GetOrAdd(serviceId, _ => (new InMemoryMessageRegistry(), new InMemoryLedgerStore()));
}
