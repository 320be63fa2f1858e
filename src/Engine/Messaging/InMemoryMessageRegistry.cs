using System.Collections.Concurrent;
using Engine.Lifecycle;

namespace Engine.Messaging;

/// <summary>
/// The registry for in-memory (embedded, not durable) runs: one per process, shared by every silo in it.
/// Entries older than the retention are swept on writes, at most once per sweep interval.
/// </summary>
/// <remarks>
/// Every request adds an entry, so the table grows for as long as the process runs. A concurrent dictionary grows
/// by taking all its locks and copying every entry into new nodes: at a million entries that held every request
/// for hundreds of milliseconds (<c>Engine.Benchmarks growth</c>, docs/performance.md). The entries are therefore
/// spread over <see cref="ShardCount"/> dictionaries by the key's hash, each growing on its own, a
/// <see cref="ShardCount"/>th of the size at a time.
/// </remarks>
public sealed class InMemoryMessageRegistry(TimeSpan retention) : IMessageRegistry
{
    /// <summary>How many dictionaries the entries are spread over.</summary>
    public const int ShardCount = 1 << ShardBits;

    private const int ShardBits = 6;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<MessageKey, RegistryEntry>[] shards =
        Enumerable.Range(0, ShardCount).Select(_ => new ConcurrentDictionary<MessageKey, RegistryEntry>()).ToArray();
    private readonly Lock sweepLock = new();
    private DateTime lastSweptAtUtc;

    /// <summary>A registry keeping entries for the default message retention.</summary>
    public InMemoryMessageRegistry() : this(LedgerOptions.Default.MessageRetention)
    {
    }

    /// <summary>Entries currently held (for tests and metrics).</summary>
    public int Count => shards.Sum(shard => shard.Count);

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> ClaimAsync(MessageKey key, string psnNo, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var claim = new RegistryEntry(RegistryEntryKind.Claimed, psnNo, UInt128.Zero, Reversed: false, nowUtc);
        var held = ShardOf(key).GetOrAdd(key, claim);
        var isMine = ReferenceEquals(held, claim) ||
            (held.Kind == RegistryEntryKind.Claimed && string.Equals(held.PsnNo, psnNo, StringComparison.Ordinal));
        return ValueTask.FromResult(isMine ? null : held);
    }

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> TombstoneAsync(MessageKey key, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var tombstone = new RegistryEntry(RegistryEntryKind.Tombstone, null, UInt128.Zero, Reversed: true, nowUtc);
        var held = ShardOf(key).GetOrAdd(key, tombstone);
        return ValueTask.FromResult(held.Kind == RegistryEntryKind.Tombstone ? null : held);
    }

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> RecordReversalAsync(MessageKey key, UInt128 fingerprint, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var reversal = new RegistryEntry(RegistryEntryKind.Reversal, null, fingerprint, Reversed: false, nowUtc);
        var held = ShardOf(key).GetOrAdd(key, reversal);
        var isSame = held.Kind == RegistryEntryKind.Reversal && held.Fingerprint == fingerprint;
        return ValueTask.FromResult(isSame ? null : held);
    }

    /// <inheritdoc />
    public ValueTask MarkReversedAsync(MessageKey key, DateTime nowUtc)
    {
        var entries = ShardOf(key);
        while (entries.TryGetValue(key, out var held) && !held.Reversed &&
               !entries.TryUpdate(key, held with { Reversed = true, CreatedAtUtc = nowUtc }, held))
        {
            // Lost a race with another update of the same key: read it again.
        }
        return ValueTask.CompletedTask;
    }

    private void Sweep(DateTime nowUtc)
    {
        if (nowUtc - lastSweptAtUtc < SweepInterval) return;
        lock (sweepLock)
        {
            if (nowUtc - lastSweptAtUtc < SweepInterval) return;
            lastSweptAtUtc = nowUtc;
            var horizon = nowUtc - retention;
            foreach (var entries in shards)
            {
                foreach (var (key, entry) in entries)
                {
                    if (entry.CreatedAtUtc < horizon) entries.TryRemove(key, out _);
                }
            }
        }
    }

    // The top bits of the hash times 2^32/φ pick the part. Not the hash modulo the part count: each dictionary picks
    // its lock by the hash modulo its lock count (a power of two), so every key of a part would share one lock.
    private ConcurrentDictionary<MessageKey, RegistryEntry> ShardOf(MessageKey key) =>
        shards[unchecked((uint)key.GetHashCode() * 2654435769u) >> (32 - ShardBits)];
}
