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
            return slot.ETag is null ? null : new StoredGrainState(new BinaryData(slot.CopyOut()), slot.ETag);
        }
    }

    /// <summary>
    /// Stores <paramref name="data"/> if the stored ETag is <paramref name="expectedETag"/> (null: nothing stored)
    /// and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/> and stores nothing.
    /// </summary>
    /// <remarks>
    /// The bytes are copied into the chunks the grain's last write left; a chunk is added only when they no longer
    /// fit, and none is ever replaced. A new array per write lived until the grain's next write, long enough to be
    /// promoted to the old generation, and then died there: under the in-memory settle-only load the silo then had
    /// gen2 collections that stopped it for 2.9–3.3 s. One array per grain, grown by a quarter when too small, still
    /// did that at every growth, and a person's state grows with each visit: 2.4 KB of arrays allocated per visit,
    /// nearly all promoted and then dead (a third of what the silo promoted at 4,000 visits/s). Chunks that are
    /// only ever added are allocated once and stay (docs/performance.md). They hold no references, so writing into
    /// them costs the collector nothing.
    /// </remarks>
    public string Write(string stateName, GrainId grainId, ReadOnlySpan<byte> data, string? expectedETag)
    {
        var slot = SlotOf(stateName, grainId);
        lock (slot)
        {
            ThrowIfNotExpected(stateName, grainId, slot, expectedETag);
            slot.CopyIn(data);
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
            slot.Release();
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
        // Each added chunk holds at least half the capacity so far (but at most MaxChunk, below the large-object
        // threshold; at least MinChunk): a state of n bytes takes O(log n) chunks up to 128 KB, one per 64 KB beyond,
        // and beyond a few hundred bytes its chunks hold at most half as much again as n.
        private const int MinChunk = 256;
        private const int MaxChunk = 64 * 1024;

        private readonly List<byte[]> chunks = [];
        private int capacity;
        private int length;

        public string? ETag;

        /// <summary>The bytes of the last write, in one new array.</summary>
        public byte[] CopyOut()
        {
            var copy = new byte[length];
            var remaining = copy.AsSpan();
            foreach (var chunk in chunks)
            {
                if (remaining.IsEmpty) break;
                var count = Math.Min(chunk.Length, remaining.Length);
                chunk.AsSpan(0, count).CopyTo(remaining);
                remaining = remaining[count..];
            }
            return copy;
        }

        /// <summary>Overwrites the stored bytes with <paramref name="data"/>, adding chunks only for what does not fit.</summary>
        public void CopyIn(ReadOnlySpan<byte> data)
        {
            length = data.Length;
            var next = 0;
            while (!data.IsEmpty)
            {
                if (next == chunks.Count)
                {
                    var size = Math.Min(MaxChunk, Math.Max(data.Length, Math.Max(MinChunk, capacity / 2)));
                    chunks.Add(new byte[size]);
                    capacity += size;
                }
                var chunk = chunks[next++];
                var count = Math.Min(chunk.Length, data.Length);
                data[..count].CopyTo(chunk);
                data = data[count..];
            }
        }

        /// <summary>Forgets the bytes and their memory.</summary>
        public void Release()
        {
            chunks.Clear();
            capacity = 0;
            length = 0;
        }
    }
}
