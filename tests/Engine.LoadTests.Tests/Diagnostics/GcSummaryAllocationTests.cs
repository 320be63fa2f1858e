using Engine.LoadTests.Diagnostics;

namespace Engine.LoadTests.Tests.Diagnostics;

/// <summary>A phase's allocation samples: only those inside it, summed by type, most bytes first.</summary>
public sealed class GcSummaryAllocationTests
{
    private static readonly DateTime From = new(2026, 12, 7, 18, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Of_SamplesInAndAroundAPhase_SumsThePhasesByTypeMostBytesFirst()
    {
        var record = new SiloGcRecord([], [],
        [
            new AllocationSample(From.AddSeconds(-1), "System.Byte[]", 900_000), // before the phase
            new AllocationSample(From, "System.String", 100_000),
            new AllocationSample(From.AddSeconds(1), "System.Byte[]", 100_000),
            new AllocationSample(From.AddSeconds(2), "System.Byte[]", 120_000),
            new AllocationSample(From.AddSeconds(3), "System.Threading.Tasks.Task", 180_000),
            new AllocationSample(From.AddSeconds(4), "System.Byte[]", 700_000), // the phase's end: the next phase's
        ]);

        var summary = GcSummary.Of(record, From, From.AddSeconds(4));

        Assert.Equal(500_000, summary.AllocatedBytes);
        Assert.Equal(
            [("System.Byte[]", 220_000L, 0.44), ("System.Threading.Tasks.Task", 180_000L, 0.36), ("System.String", 100_000L, 0.2)],
            summary.Allocations.Select(t => (t.Type, t.Bytes, Math.Round(t.Share, 6))));
    }

    [Fact]
    public void Of_MoreTypesThanListed_KeepsTheTopOnesAndTheWholeTotal()
    {
        var samples = Enumerable.Range(1, GcSummary.TypesListed + 5)
            .Select(i => new AllocationSample(From.AddMilliseconds(i), $"T{i:D2}", i * 1_000L)).ToList();

        var summary = GcSummary.Of(new SiloGcRecord([], [], samples), From, From.AddSeconds(1));

        Assert.Equal(samples.Sum(s => s.Bytes), summary.AllocatedBytes);
        Assert.Equal(GcSummary.TypesListed, summary.Allocations.Count);
        Assert.Equal($"T{GcSummary.TypesListed + 5:D2}", summary.Allocations[0].Type);
        Assert.Equal("T06", summary.Allocations[^1].Type);
    }
}
