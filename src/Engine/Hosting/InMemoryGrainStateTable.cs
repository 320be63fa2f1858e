using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;

namespace Engine.Hosting;

/// <summary>
/// The grain states of one in-memory storage: serialized bytes and an ETag per (state name, grain), with
/// optimistic concurrency like a real store. One table per (service id, storage name) in the process, so that
/// the silos of one in-process cluster share it the way real silos share PostgreSQL (as <see cref="InMemoryStores"/>
/// does for the registry and the ledger).
/// </summary>
public sealed class InMemoryGrainStateTable
{
    private static readonly ConcurrentDictionary<(string ServiceId, string StorageName), InMemoryGrainStateTable> Tables =
        new();

    private static long lastETag;

    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), StoredGrainState> entries = new();

    /// <summary>The table of storage <paramref name="storageName"/> of <paramref name="serviceId"/>.</summary>
    public static InMemoryGrainStateTable For(string serviceId, string storageName) =>
        Tables.GetOrAdd((serviceId, storageName), _ => new InMemoryGrainStateTable());

    /// <summary>The number of stored states.</summary>
    public int Count => entries.Count;

    /// <summary>The stored state of <paramref name="grainId"/>, or null when none was written (or it was cleared).</summary>
    public StoredGrainState? Read(string stateName, GrainId grainId) =>
        entries.TryGetValue((stateName, grainId), out var stored) ? stored : null;

    /// <summary>
    /// Stores <paramref name="data"/> if the stored ETag is <paramref name="expectedETag"/> (null: nothing stored)
    /// and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/> and stores nothing.
    /// </summary>
    public string Write(string stateName, GrainId grainId, BinaryData data, string? expectedETag)
    {
        ArgumentNullException.ThrowIfNull(data);
        var key = (stateName, grainId);
        var written = new StoredGrainState(data, NextETag());
        if (expectedETag is null)
        {
            if (!entries.TryAdd(key, written)) ThrowConflict(key, expectedETag);
            return written.ETag;
        }
        // Compare-and-swap on the entry object: a concurrent writer with the same expected ETag loses.
        if (!entries.TryGetValue(key, out var current) ||
            !string.Equals(current.ETag, expectedETag, StringComparison.Ordinal) ||
            !entries.TryUpdate(key, written, current))
        {
            ThrowConflict(key, expectedETag);
        }
        return written.ETag;
    }

    /// <summary>Removes the stored state if its ETag is <paramref name="expectedETag"/>; null clears nothing stored.</summary>
    public void Clear(string stateName, GrainId grainId, string? expectedETag)
    {
        var key = (stateName, grainId);
        if (!entries.TryGetValue(key, out var current))
        {
            if (expectedETag is not null) ThrowConflict(key, expectedETag);
            return;
        }
        if (!string.Equals(current.ETag, expectedETag, StringComparison.Ordinal) ||
            !entries.TryRemove(KeyValuePair.Create(key, current)))
        {
            ThrowConflict(key, expectedETag);
        }
    }

    // Unique in the process, so an ETag never matches a state written by another writer in between.
    private static string NextETag() =>
        Interlocked.Increment(ref lastETag).ToString(CultureInfo.InvariantCulture);

    private void ThrowConflict((string StateName, GrainId GrainId) key, string? expectedETag)
    {
        var stored = entries.TryGetValue(key, out var current) ? current.ETag : null;
        throw new InconsistentStateException(
            $"ETag mismatch writing {key.StateName} of {key.GrainId}: stored {stored ?? "(none)"}, " +
            $"expected {expectedETag ?? "(none)"}.", stored ?? "", expectedETag ?? "");
    }
}
