using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Lifecycle;

namespace Engine.Messaging;

/// <summary>
/// The registry for in-memory (embedded, not durable) runs: one per process, shared by every silo in it.
/// Entries older than the retention are swept on writes, at most once per sweep interval.
/// </summary>
/// <remarks>
/// Every request adds an entry, so the table grows for as long as the process runs. The entries are spread over
/// <see cref="ShardCount"/> dictionaries by the key's hash, each behind its own lock and growing on its own, a
/// <see cref="ShardCount"/>th of the size at a time: one concurrent dictionary grew by taking all its locks and
/// copying every entry into new nodes, which at a million entries held every request for hundreds of milliseconds
/// (<c>Engine.Benchmarks growth</c>, docs/performance.md). The entries are structs held in the dictionaries' own
/// arrays: a concurrent dictionary's node and the entry it pointed to were two objects per request that lived for the
/// whole retention, were copied into the old generation, and at each growth were copied again and left there dead —
/// a fifth of what the silo promoted at 4,000 visits/s (docs/performance.md). A new entry is written into an
/// array that is already old.
/// </remarks>
public sealed class InMemoryMessageRegistry(TimeSpan retention) : IMessageRegistry
{
    /// <summary>How many dictionaries the entries are spread over.</summary>
    public const int ShardCount = 1 << ShardBits;

    private const int ShardBits = 6;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);
    private readonly Shard[] shards = Enumerable.Range(0, ShardCount).Select(_ => new Shard()).ToArray();
    private readonly Lock sweepLock = new();
    private DateTime lastSweptAtUtc;

    /// <summary>A registry keeping entries for the default message retention.</summary>
    public InMemoryMessageRegistry() : this(LedgerOptions.Default.MessageRetention)
    {
    }

    /// <summary>Entries currently held (for tests and metrics).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in shards)
            {
                lock (shard.Gate) count += shard.Entries.Count;
            }
            return count;
        }
    }

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> ClaimAsync(MessageKey key, string psnNo, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var held = Add(key, new Entry(RegistryEntryKind.Claimed, psnNo, UInt128.Zero, Reversed: false, nowUtc));
        var isMine = held is not { } other ||
            (other.Kind == RegistryEntryKind.Claimed && string.Equals(other.PsnNo, psnNo, StringComparison.Ordinal));
        return ValueTask.FromResult(isMine ? null : held?.ToRegistryEntry());
    }

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> TombstoneAsync(MessageKey key, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var held = Add(key, new Entry(RegistryEntryKind.Tombstone, null, UInt128.Zero, Reversed: true, nowUtc));
        var isTombstone = held is not { } other || other.Kind == RegistryEntryKind.Tombstone;
        return ValueTask.FromResult(isTombstone ? null : held?.ToRegistryEntry());
    }

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> RecordReversalAsync(MessageKey key, UInt128 fingerprint, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var held = Add(key, new Entry(RegistryEntryKind.Reversal, null, fingerprint, Reversed: false, nowUtc));
        var isSame = held is not { } other || (other.Kind == RegistryEntryKind.Reversal && other.Fingerprint == fingerprint);
        return ValueTask.FromResult(isSame ? null : held?.ToRegistryEntry());
    }

    /// <inheritdoc />
    public ValueTask MarkReversedAsync(MessageKey key, DateTime nowUtc)
    {
        var shard = ShardOf(key);
        lock (shard.Gate)
        {
            ref var held = ref CollectionsMarshal.GetValueRefOrNullRef(shard.Entries, key);
            if (!Unsafe.IsNullRef(ref held) && !held.Reversed) held = held with { Reversed = true, CreatedAtUtc = nowUtc };
        }
        return ValueTask.CompletedTask;
    }

    // Adds the entry unless the key is held; returns null when added, otherwise the entry that holds the key.
    private Entry? Add(MessageKey key, Entry entry)
    {
        var shard = ShardOf(key);
        lock (shard.Gate)
        {
            ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(shard.Entries, key, out var exists);
            if (exists) return held;
            held = entry;
            return null;
        }
    }

    private void Sweep(DateTime nowUtc)
    {
        if (nowUtc - lastSweptAtUtc < SweepInterval) return;
        lock (sweepLock)
        {
            if (nowUtc - lastSweptAtUtc < SweepInterval) return;
            lastSweptAtUtc = nowUtc;
            var horizon = nowUtc - retention;
            foreach (var shard in shards)
            {
                lock (shard.Gate)
                {
                    // Removing the current entry while enumerating is allowed for Dictionary.
                    foreach (var (key, entry) in shard.Entries)
                    {
                        if (entry.CreatedAtUtc < horizon) shard.Entries.Remove(key);
                    }
                }
            }
        }
    }

    // The top bits of the hash times 2^32/φ pick the part: spread evenly whatever the low bits of the hash.
    private Shard ShardOf(MessageKey key) =>
        shards[unchecked((uint)key.GetHashCode() * 2654435769u) >> (32 - ShardBits)];

    private sealed class Shard
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<MessageKey, Entry> Entries = [];
    }

    // What RegistryEntry says, as a value in the dictionary's own array.
    private readonly record struct Entry(
        RegistryEntryKind Kind, string? PsnNo, UInt128 Fingerprint, bool Reversed, DateTime CreatedAtUtc)
    {
        public RegistryEntry ToRegistryEntry() => new(Kind, PsnNo, Fingerprint, Reversed, CreatedAtUtc);
    }
}
