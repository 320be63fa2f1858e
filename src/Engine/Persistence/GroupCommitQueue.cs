using System.Threading.Channels;

namespace Engine.Persistence;

/// <summary>
/// Group commit: callers enqueue items and wait; one writer loop takes everything queued (up to a batch limit) and
/// commits it in one transaction, then hands each caller its own result. Under load, items that arrive while a
/// batch is being written form the next batch, so commits per item fall without adding latency when idle. The queue
/// is bounded: callers wait when it is full (back-pressure, never unbounded memory).
/// </summary>
/// <typeparam name="TItem">What a caller asks for.</typeparam>
/// <typeparam name="TResult">What each caller gets back; the commit returns one per item, in order.</typeparam>
public sealed class GroupCommitQueue<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> queue;
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> commit;
    private readonly int batchItemsMax;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task writer;

    /// <summary>Starts the writer loop.</summary>
    public GroupCommitQueue(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> commit,
        int batchItemsMax = 256, int queueItemsMax = 8_192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchItemsMax, 1);
        this.commit = commit;
        this.batchItemsMax = batchItemsMax;
        queue = Channel.CreateBounded<(TItem, TaskCompletionSource<TResult>)>(
            new BoundedChannelOptions(queueItemsMax) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Batches committed so far (for metrics and tests).</summary>
    public long BatchCount { get; private set; }

    /// <summary>Enqueues <paramref name="item"/>; completes with its result once its batch committed (or its error).</summary>
    public async Task<TResult> EnqueueAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await queue.Writer.WriteAsync((item, done), cancellationToken);
        return await done.Task;
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
            // Stopping.
        }
        while (queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled(); // Nobody waits forever on a stopped queue.
        }
        stopping.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var items = new List<TItem>(batchItemsMax);
        var waiters = new List<TaskCompletionSource<TResult>>(batchItemsMax);
        while (await queue.Reader.WaitToReadAsync(stopping.Token))
        {
            while (items.Count < batchItemsMax && queue.Reader.TryRead(out var entry))
            {
                items.Add(entry.Item);
                waiters.Add(entry.Done);
            }
            try
            {
                var results = await commit(items, stopping.Token);
                BatchCount++;
                for (var i = 0; i < waiters.Count; i++)
                {
                    waiters[i].TrySetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                waiters.ForEach(w => w.TrySetException(exception)); // Each caller decides: retry or fail.
            }
            items.Clear();
            waiters.Clear();
        }
    }
}
