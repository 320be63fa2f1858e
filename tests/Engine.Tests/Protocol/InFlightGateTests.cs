using Engine.Protocol;

namespace Engine.Tests.Protocol;

/// <summary>A connection's in-flight slots: never more taken than there are, and no slot given back is missed.</summary>
public sealed class InFlightGateTests
{
    [Fact]
    public async Task TakeAsync_AllSlotsTaken_WaitsForTheNextReturn()
    {
        var gate = new InFlightGate(2);
        Assert.True(gate.TakeAsync().AsTask().IsCompletedSuccessfully);
        Assert.True(gate.TakeAsync().AsTask().IsCompletedSuccessfully);

        var third = gate.TakeAsync().AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        gate.Return();
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, gate.Taken);
    }

    [Theory]
    [InlineData(1)] // Every take waits for the one return: a missed return would leave the loop waiting for good.
    [InlineData(4)]
    public async Task TakeAsync_SlotsReturnedFromOtherThreads_NeverExceedsTheSlotsAndMissesNoReturn(int slots)
    {
        const int requests = 100_000;
        var gate = new InFlightGate(slots);
        var inside = 0;
        var overTheSlots = 0;
        var done = 0;

        // The read loop's pattern: take a slot, start the work elsewhere, take the next; the work gives it back.
        for (var i = 0; i < requests; i++)
        {
            await gate.TakeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (Interlocked.Increment(ref inside) > slots) Interlocked.Increment(ref overTheSlots);
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                if (Random.Shared.Next(100) == 0) Thread.SpinWait(2_000);
                Interlocked.Decrement(ref inside);
                Interlocked.Increment(ref done);
                gate.Return();
            }, null);
        }

        Assert.True(await gate.WhenAllReturnedAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(requests, Volatile.Read(ref done));
        Assert.Equal(0, Volatile.Read(ref overTheSlots));
        Assert.Equal(0, gate.Taken);
    }

    [Fact]
    public async Task WhenAllReturnedAsync_SlotStillOut_FalseAfterTheTimeOutThenTrueOnceReturned()
    {
        var gate = new InFlightGate(3);
        await gate.TakeAsync();
        await gate.TakeAsync();
        gate.Return();

        Assert.False(await gate.WhenAllReturnedAsync(TimeSpan.FromMilliseconds(100)));

        var all = gate.WhenAllReturnedAsync(TimeSpan.FromSeconds(5));
        gate.Return();
        Assert.True(await all);
    }
}
