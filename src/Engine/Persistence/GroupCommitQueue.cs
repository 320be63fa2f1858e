using System.Threading.Channels;

namespace Engine.Accounting;

/// <summary>
/// Group commit: callers enqueue work items and wait; one writer loop takes everything queued (up to a batch
/// limit) and commits it in one transaction. Under load, items that arrive while a
/// batch is being written form the next batch, so commits per item fall without adding latency when idle.
/// The queue is bounded: callers wait when it is full (back-pressure, never unbounded memory).
/// </summary>
public sealed class GroupCommitQueue<TItem> : IAsyncDisposable
{
    private readonly Channel<(TItem Item, TaskCompletionSource Done)> queue;
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task> commit;
    private readonly int batchItemsMax;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task writer;

    /// <summary>Starts the writer loop.</summary>
    public GroupCommitQueue(Func<IReadOnlyList<TItem>, CancellationToken, Task> commit, int batchItemsMax = 256,
        int queueItemsMax = 8_192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchItemsMax, 1);
        this.commit = commit;
        this.batchItemsMax = batchItemsMax;
        queue = Channel.CreateBounded<(TItem, TaskCompletionSource)>(
            new BoundedChannelOptions(queueItemsMax) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Batches committed so far (for metrics and tests).</summary>
    public long BatchCount { get; private set; }

    /// <summary>Enqueues <paramref name="item"/> and completes when its batch is committed (or throws its error).</summary>
    public async Task EnqueueAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await queue.Writer.WriteAsync((item, done), cancellationToken);
        await done.Task;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        try
        {
            await writer;
        }
        catch (OperationCanceledException)
        {
            // Stopping: pending callers were failed below.
        }
        stopping.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var items = new List<TItem>(batchItemsMax);
        var waiters = new List<TaskCompletionSource>(batchItemsMax);
        while (await queue.Reader.WaitToReadAsync(stopping.Token))
        {
            while (items.Count < batchItemsMax && queue.Reader.TryRead(out var entry))
            {
                items.Add(entry.Item);
                waiters.Add(entry.Done);
            }
            try
            {
                await commit(items, stopping.Token);
                BatchCount++;
                waiters.ForEach(w => w.TrySetResult());
            }
            catch (Exception exception)
            {
                waiters.ForEach(w => w.TrySetException(exception)); // Each caller keeps its outbox and retries.
            }
            items.Clear();
            waiters.Clear();
        }
    }
}
