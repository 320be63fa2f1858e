using System.Collections.Concurrent;
using Engine.Lifecycle;

namespace Engine.Messaging;

/// <summary>
/// The registry for in-memory (embedded, not durable) runs: one per process, shared by every silo in it.
/// Entries older than the retention are swept on writes, at most once per sweep interval.
/// </summary>
public sealed class InMemoryMessageRegistry(TimeSpan retention) : IMessageRegistry
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<MessageKey, RegistryEntry> entries = new();
    private readonly Lock sweepLock = new();
    private DateTime lastSweptAtUtc;

    /// <summary>A registry keeping entries for the default message retention.</summary>
    public InMemoryMessageRegistry() : this(LedgerOptions.Default.MessageRetention)
    {
    }

    /// <summary>Entries currently held (for tests and metrics).</summary>
    public int Count => entries.Count;

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> ClaimAsync(MessageKey key, string psnNo, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var claim = new RegistryEntry(RegistryEntryKind.Claimed, psnNo, UInt128.Zero, Reversed: false, nowUtc);
        var held = entries.GetOrAdd(key, claim);
        var isMine = ReferenceEquals(held, claim) ||
            (held.Kind == RegistryEntryKind.Claimed && string.Equals(held.PsnNo, psnNo, StringComparison.Ordinal));
        return ValueTask.FromResult(isMine ? null : held);
    }

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> TombstoneAsync(MessageKey key, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var tombstone = new RegistryEntry(RegistryEntryKind.Tombstone, null, UInt128.Zero, Reversed: true, nowUtc);
        var held = entries.GetOrAdd(key, tombstone);
        return ValueTask.FromResult(held.Kind == RegistryEntryKind.Tombstone ? null : held);
    }

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> RecordReversalAsync(MessageKey key, UInt128 fingerprint, DateTime nowUtc)
    {
        Sweep(nowUtc);
        var reversal = new RegistryEntry(RegistryEntryKind.Reversal, null, fingerprint, Reversed: false, nowUtc);
        var held = entries.GetOrAdd(key, reversal);
        var isSame = held.Kind == RegistryEntryKind.Reversal && held.Fingerprint == fingerprint;
        return ValueTask.FromResult(isSame ? null : held);
    }

    /// <inheritdoc />
    public ValueTask MarkReversedAsync(MessageKey key, DateTime nowUtc)
    {
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
            foreach (var (key, entry) in entries)
            {
                if (entry.CreatedAtUtc < horizon) entries.TryRemove(key, out _);
            }
        }
    }
}
