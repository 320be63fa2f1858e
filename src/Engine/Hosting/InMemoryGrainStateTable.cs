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
    private static readonly ConcurrentDictionary<(string ServiceId, string StorageName), InMemoryGrainStateTable>
        Tables = new();

    private static long lastETag;

    // One slot per grain, never removed: after the first write a grain's writes take only its slot's lock (one
    // writer per grain: uncontended, 0 of 524,288 writes found it held), not one of the dictionary's few striped
    // locks, which every grain's write took (4.5 % of the settle-only profile's samples were under them, though
    // such samples are not all contention: docs/performance.md).
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Slot> slots = new();

    /// <summary>The table of storage <paramref name="storageName"/> of <paramref name="serviceId"/>.</summary>
    public static InMemoryGrainStateTable For(string serviceId, string storageName) =>
        Tables.GetOrAdd((serviceId, storageName), _ => new InMemoryGrainStateTable());

    /// <summary>
    /// A copy of the stored state of <paramref name="grainId"/>; null when none was written or it was cleared.
    /// </summary>
    public StoredGrainState? Read(string stateName, GrainId grainId)
    {
        if (!slots.TryGetValue((stateName, grainId), out var slot)) return null;
        lock (slot)
        {
            return slot.ETag is null ? null
                : new StoredGrainState(new BinaryData(slot.Bytes.AsSpan(0, slot.Length).ToArray()), slot.ETag);
        }
    }

    /// <summary>
    /// Stores <paramref name="data"/> if the stored ETag is <paramref name="expectedETag"/> (null: nothing stored)
    /// and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/> and stores nothing.
    /// </summary>
    /// <remarks>
    /// The bytes are copied into the array the grain's last write left, grown only when they no longer fit. A new
    /// array per write lived until the grain's next write, long enough to be promoted to the old generation, and
    /// then died there. Under the in-memory settle-only load (persons with several open visits: larger states) the
    /// silo then had gen2 collections that stopped it for 2.9–3.3 s in three runs of four; with the array reused,
    /// none in four, and a quarter less promoted per gen0 (docs/performance.md). The array a grain keeps holds no
    /// references, so writing into it costs the collector nothing.
    /// </remarks>
    public string Write(string stateName, GrainId grainId, ReadOnlySpan<byte> data, string? expectedETag)
    {
        var slot = SlotOf(stateName, grainId);
        lock (slot)
        {
            ThrowIfNotExpected(stateName, grainId, slot, expectedETag);
            if (slot.Bytes.Length < data.Length) slot.Bytes = new byte[data.Length + data.Length / 4];
            data.CopyTo(slot.Bytes);
            slot.Length = data.Length;
            return slot.ETag = NextETag();
        }
    }

    /// <summary>Removes the stored state if the stored ETag is <paramref name="expectedETag"/>; throws otherwise.</summary>
    public void Clear(string stateName, GrainId grainId, string? expectedETag)
    {
        var slot = SlotOf(stateName, grainId);
        lock (slot)
        {
            ThrowIfNotExpected(stateName, grainId, slot, expectedETag);
            slot.Bytes = [];
            slot.Length = 0;
            slot.ETag = null;
        }
    }

    private Slot SlotOf(string stateName, GrainId grainId) =>
        slots.TryGetValue((stateName, grainId), out var found) ? found
            : slots.GetOrAdd((stateName, grainId), _ => new Slot());

    // A writer with another expected ETag lost a race (or wrote from a stale activation): nothing is stored.
    private static void ThrowIfNotExpected(string stateName, GrainId grainId, Slot slot, string? expectedETag)
    {
        if (!string.Equals(slot.ETag, expectedETag, StringComparison.Ordinal))
        {
            ThrowConflict((stateName, grainId), slot.ETag, expectedETag);
        }
    }

    // Unique in the process, so an ETag never matches a state written by another writer in between.
    private static string NextETag() =>
        Interlocked.Increment(ref lastETag).ToString(CultureInfo.InvariantCulture);

    private static void ThrowConflict((string StateName, GrainId GrainId) key, string? stored, string? expectedETag) =>
        throw new InconsistentStateException(
            $"ETag mismatch writing {key.StateName} of {key.GrainId}: stored {stored ?? "(none)"}, " +
            $"expected {expectedETag ?? "(none)"}.", stored ?? "", expectedETag ?? "");

    // Locked for every read and write: the bytes are overwritten in place.
    private sealed class Slot
    {
        public byte[] Bytes = [];
        public int Length;
        public string? ETag;
    }
}
