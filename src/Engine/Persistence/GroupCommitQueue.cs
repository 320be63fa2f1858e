using System.Collections.Concurrent;

namespace Engine.Persistence;

/// <summary>
/// Group commit: callers enqueue items and wait; one writer loop takes everything queued (up to a batch limit) and
/// commits it in one transaction, then hands each caller its own result. Under load, items that arrive while a
/// batch is being written form the next batch, so commits per item fall without adding latency when idle. The queue
/// is bounded: callers wait when it is full (back-pressure, never unbounded memory).
/// </summary>
/// <remarks>
/// Every state-changing request of a person enqueues here, from many threads at once, so enqueuing takes no lock: a
/// <see cref="ConcurrentQueue{T}"/>, a counter for the bound, and the writer loop woken only when it sleeps. With a
/// bounded channel (which locks on every write and read) 8.5 % of the silo's profile samples under the durable visit
/// load were in <c>Monitor.Enter</c>'s slow path, most of them here (docs/performance.md).
/// </remarks>
/// <typeparam name="TItem">What a caller asks for.</typeparam>
/// <typeparam name="TResult">What each caller gets back; the commit returns one per item, in order.</typeparam>
public sealed class GroupCommitQueue<TItem, TResult> : IAsyncDisposable
{
    private readonly ConcurrentQueue<(TItem Item, TaskCompletionSource<TResult> Done)> entries = new();
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> commit;
    private readonly int batchItemsMax;
    private readonly int queueItemsMax;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task writer;

    // Places taken in the queue: counted before an entry is enqueued, given back when the writer takes it.
    private int queued;

    // 1 while the writer loop sleeps on 'work'; whoever swaps it to 0 wakes the writer.
    private int writerSleeping;
    private TaskCompletionSource work = NewSignal();

    // Completed (and replaced) whenever the writer takes entries: callers waiting for a place try again.
    private TaskCompletionSource room = NewSignal();

    private volatile bool stopped;

    /// <summary>Starts the writer loop.</summary>
    public GroupCommitQueue(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> commit,
        int batchItemsMax = 256, int queueItemsMax = 8_192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchItemsMax, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueItemsMax, 1);
        this.commit = commit;
        this.batchItemsMax = batchItemsMax;
        this.queueItemsMax = queueItemsMax;
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Batches committed so far (for metrics and tests).</summary>
    public long BatchCount { get; private set; }

    /// <summary>Enqueues <paramref name="item"/>; completes with its result once its batch committed (or its error).</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Gives up waiting for a place in a full queue; an enqueued item stays.</param>
    /// <exception cref="ObjectDisposedException">The queue is stopped.</exception>
    public async Task<TResult> EnqueueAsync(TItem item, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref queued) > queueItemsMax)
        {
            Interlocked.Decrement(ref queued);
            await WaitForPlaceAsync(cancellationToken);
        }
        ObjectDisposedException.ThrowIf(stopped, this);
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        entries.Enqueue((item, done));
        if (stopped)
        {
            done.TrySetCanceled(CancellationToken.None); // Stopping may have emptied the queue already: nobody waits on a stopped queue.
        }
        else if (Interlocked.Exchange(ref writerSleeping, 0) == 1)
        {
            Volatile.Read(ref work).TrySetResult();
        }
        return await done.Task;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        stopped = true;
        await stopping.CancelAsync();
        try
        {
            await writer;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        while (entries.TryDequeue(out var left))
        {
            left.Done.TrySetCanceled(); // Nobody waits forever on a stopped queue.
        }
        Volatile.Read(ref room).TrySetResult(); // Callers waiting for a place find the queue stopped.
        stopping.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Takes a place once one is free. The signal is read before the place is tried, so a place given back after
    // the try completes that very signal: no wake-up is missed.
    private async Task WaitForPlaceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var freed = Volatile.Read(ref room);
            if (Interlocked.Increment(ref queued) <= queueItemsMax) return;
            Interlocked.Decrement(ref queued);
            ObjectDisposedException.ThrowIf(stopped, this);
            await freed.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task WriteLoopAsync()
    {
        var items = new List<TItem>(batchItemsMax);
        var waiters = new List<TaskCompletionSource<TResult>>(batchItemsMax);
        while (!stopping.IsCancellationRequested)
        {
            while (items.Count < batchItemsMax && entries.TryDequeue(out var entry))
            {
                items.Add(entry.Item);
                waiters.Add(entry.Done);
            }
            if (items.Count == 0)
            {
                await SleepUntilWorkAsync();
                continue;
            }
            Interlocked.Add(ref queued, -items.Count);
            Interlocked.Exchange(ref room, NewSignal()).TrySetResult();
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

    // The new signal is published before the writer says it sleeps, and the queue is looked at once more after: an
    // entry enqueued before that look is seen, one enqueued after it finds the writer asleep and wakes it.
    private async Task SleepUntilWorkAsync()
    {
        var signal = NewSignal();
        Volatile.Write(ref work, signal);
        Interlocked.Exchange(ref writerSleeping, 1);
        if (!entries.IsEmpty)
        {
            Interlocked.Exchange(ref writerSleeping, 0);
            return;
        }
        await signal.Task.WaitAsync(stopping.Token);
    }
}
