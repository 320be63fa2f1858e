using Engine.Contracts.Wire;
using Engine.Protocol;

namespace Engine.Tests.Protocol;

/// <summary>
/// A connection's replies on their way to the writer loop: every frame queued is read once, its slot comes back once
/// it is flushed, control frames pass while every request slot is taken, and nothing waits after the writer stops.
/// </summary>
public sealed class OutboundQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1)] // Every frame waits for the writer to wake: a missed wake-up would leave it queued for good.
    [InlineData(8)]
    public async Task Enqueue_FromManyThreads_WriterReadsEachFrameOnceAndEverySlotComesBack(int slots)
    {
        const int frames = 100_000;
        var queue = new OutboundQueue(slots);
        var seen = new bool[frames];
        var writer = Task.Run(async () =>
        {
            var read = 0;
            while (await queue.WaitToReadAsync())
            {
                while (queue.TryRead(out var frame))
                {
                    Assert.False(seen[frame.CorrelationId], $"frame {frame.CorrelationId} read twice");
                    seen[frame.CorrelationId] = true;
                    read++;
                }
                queue.Flushed();
            }
            return read;
        });

        // The read loop's pattern: take a slot, let the reply complete on another thread.
        for (var i = 0; i < frames; i++)
        {
            await queue.TakeSlotAsync().AsTask().WaitAsync(Patience);
            var id = (ulong)i;
            ThreadPool.UnsafeQueueUserWorkItem(_ => queue.Enqueue(Frame(id)), null);
        }
        Assert.True(await queue.WhenAllWrittenAsync(Patience));
        queue.Complete();

        Assert.Equal(frames, await writer.WaitAsync(Patience));
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public async Task SendControlAsync_EveryRequestSlotTaken_StillQueues()
    {
        var queue = new OutboundQueue(2);
        await queue.TakeSlotAsync();
        await queue.TakeSlotAsync();

        await queue.SendControlAsync(Frame(7)).AsTask().WaitAsync(Patience);

        Assert.True(queue.TryRead(out var heartbeat));
        Assert.Equal(7UL, heartbeat.CorrelationId);
    }

    [Fact]
    public async Task TakeSlotAsync_RepliesNotYetFlushed_WaitsUntilTheWriterFlushes()
    {
        var queue = new OutboundQueue(1);
        await queue.TakeSlotAsync();
        queue.Enqueue(Frame(1));
        Assert.True(queue.TryRead(out _));

        var next = queue.TakeSlotAsync().AsTask();
        await Task.Delay(50);
        Assert.False(next.IsCompleted); // Read but not flushed: a terminal not reading its replies holds the slot.

        queue.Flushed();
        await next.WaitAsync(Patience);
    }

    [Fact]
    public async Task Enqueue_AfterTheWriterStopped_DropsTheFrameAndGivesItsSlotBack()
    {
        var queue = new OutboundQueue(1);
        await queue.TakeSlotAsync();
        queue.Stop();

        queue.Enqueue(Frame(1));

        Assert.False(queue.TryRead(out _));
        Assert.True(await queue.WhenAllWrittenAsync(Patience));
        await queue.TakeSlotAsync().AsTask().WaitAsync(Patience);
    }

    [Fact]
    public async Task WaitToReadAsync_Completed_TrueUntilTheQueueIsEmptyThenFalse()
    {
        var queue = new OutboundQueue(4);
        await queue.TakeSlotAsync();
        queue.Enqueue(Frame(1));
        queue.Complete();

        Assert.True(await queue.WaitToReadAsync());
        Assert.True(queue.TryRead(out _));
        Assert.False(await queue.WaitToReadAsync());
    }

    private static OutboundFrame Frame(ulong correlationId) =>
        OutboundFrame.Raw(MessageType.Echo, correlationId, null, []);
}
