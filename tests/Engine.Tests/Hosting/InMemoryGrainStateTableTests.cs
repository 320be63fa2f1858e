using Engine.Hosting;

namespace Engine.Tests.Hosting;

/// <summary>
/// Goal: the in-memory grain state table gives back exactly the bytes of the last write whatever their sizes, and a
/// growing state costs about its own size in memory, not a new array per growth (which the collector promoted and
/// then found dead: docs/performance.md).
/// </summary>
public sealed class InMemoryGrainStateTableTests
{
    private static readonly GrainId Grain = GrainId.Create("test", "grain-1");

    [Fact]
    public void Read_GivesTheLastWrite_AsItGrowsPastChunksAndShrinksAgain()
    {
        var table = new InMemoryGrainStateTable();
        string? etag = null;
        // Across the first chunk's end, into several of the largest chunks, back to a few bytes and to nothing.
        foreach (var size in new[] { 10, 300, 257, 5_000, 200_000, 131_073, 7, 0, 70_000 })
        {
            var data = Pattern(size, seed: size);
            etag = table.Write("person", Grain, data, etag);

            var stored = table.Read("person", Grain);
            Assert.NotNull(stored);
            Assert.Equal(etag, stored.ETag);
            Assert.Equal(data, stored.Data.ToArray());
        }
    }

    [Fact]
    public void Write_AGrowingState_AllocatesAboutItsFinalSize()
    {
        var table = new InMemoryGrainStateTable();
        const int Writes = 1_000;
        const int Step = 100;
        var states = Enumerable.Range(1, Writes).Select(i => Pattern(i * Step, seed: i)).ToArray();
        var etag = table.Write("person", Grain, states[0], null); // The slot itself, outside the measurement.

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var state in states.Skip(1)) etag = table.Write("person", Grain, state, etag);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Each write also allocates its ETag string (under 64 bytes). One array per growth by a quarter came to almost
        // six times the final size here (578 KB); chunks that are only added, with the ETags, to 181 KB.
        const int FinalSize = Writes * Step;
        Assert.InRange(allocated, FinalSize, 2 * FinalSize + Writes * 64);
        Assert.Equal(states[^1], table.Read("person", Grain)!.Data.ToArray());
    }

    [Fact]
    public void Clear_ThenWrite_StoresTheNewBytesOnly()
    {
        var table = new InMemoryGrainStateTable();
        var etag = table.Write("person", Grain, Pattern(40_000, seed: 1), null);
        table.Clear("person", Grain, etag);
        Assert.Null(table.Read("person", Grain));

        var data = Pattern(100, seed: 2);
        var written = table.Write("person", Grain, data, null);
        Assert.Equal(data, table.Read("person", Grain)!.Data.ToArray());
        Assert.Equal(written, table.Read("person", Grain)!.ETag);
    }

    // Bytes that differ from position to position and from one seed to the next, so a chunk copied to the wrong
    // place or left from an earlier write shows.
    private static byte[] Pattern(int size, int seed)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++) bytes[i] = unchecked((byte)(i * 31 + seed * 7 + (i >> 8)));
        return bytes;
    }
}
