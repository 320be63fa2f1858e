using System.Collections.Concurrent;
using Engine.Persistence;

namespace Engine.Tests.Persistence;

/// <summary>
/// The group commit behind the PostgreSQL storages: what arrives while a batch commits forms the next batch, each
/// caller gets its own result, a failed commit fails only its own batch, a full queue holds callers back, and a
/// stopped queue leaves nobody waiting. The commit here is a function the test controls (gates and records).
/// </summary>
public sealed class GroupCommitQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Enqueue_ItemsArrivingWhileABatchCommits_FormTheNextBatchAndEachCallerGetsItsOwnResult()
    {
        using var commits = new RecordingCommit();
        await using var queue = new GroupCommitQueue<int, int>(commits.CommitAsync);

        var first = queue.EnqueueAsync(1);
        await commits.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience); // Batch [1] is committing.
        var later = new[] { queue.EnqueueAsync(2), queue.EnqueueAsync(3), queue.EnqueueAsync(4) };
        commits.ReleaseAll();

        Assert.Equal(10, await first.WaitAsync(Patience));
        var laterResults = await Task.WhenAll(later).WaitAsync(Patience);
        Assert.Equal([20, 30, 40], laterResults);
        Assert.Equal(new[] { new[] { 1 }, [2, 3, 4] }, commits.Batches);
        Assert.Equal(2, queue.BatchCount);
    }

    [Fact]
    public async Task Enqueue_MoreThanABatchWaiting_BatchesHoldAtMostTheLimit()
    {
        using var commits = new RecordingCommit();
        await using var queue = new GroupCommitQueue<int, int>(commits.CommitAsync, batchItemsMax: 2);

        var first = queue.EnqueueAsync(0);
        await commits.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var later = Enumerable.Range(1, 5).Select(i => queue.EnqueueAsync(i)).ToArray();
        commits.ReleaseAll();

        await first.WaitAsync(Patience);
        var laterResults = await Task.WhenAll(later).WaitAsync(Patience);
        Assert.Equal([10, 20, 30, 40, 50], laterResults);
        Assert.Equal(new[] { new[] { 0 }, [1, 2], [3, 4], [5] }, commits.Batches);
    }

    [Fact]
    public async Task Enqueue_CommitFails_OnlyThatBatchsCallersGetTheErrorAndTheQueueGoesOn()
    {
        using var commits = new RecordingCommit { FailBatchesWith = 13 };
        await using var queue = new GroupCommitQueue<int, int>(commits.CommitAsync);
        commits.ReleaseAll();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => queue.EnqueueAsync(13).WaitAsync(Patience));
        var next = await queue.EnqueueAsync(14).WaitAsync(Patience);

        Assert.Equal("batch with 13", failed.Message);
        Assert.Equal(140, next);
    }

    [Fact]
    public async Task Enqueue_QueueFull_TheCallerWaitsForRoomAndCanGiveUpWithoutBeingCommitted()
    {
        using var commits = new RecordingCommit();
        await using var queue = new GroupCommitQueue<int, int>(commits.CommitAsync, batchItemsMax: 1, queueItemsMax: 1);
        var first = queue.EnqueueAsync(1);
        await commits.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience); // 1 is committing.
        var queued = queue.EnqueueAsync(2); // Fills the queue's one place.
        using var giveUp = new CancellationTokenSource();

        var waiting = queue.EnqueueAsync(3, giveUp.Token);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted); // No room: it waits, not committed, not failed.
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        commits.ReleaseAll();

        Assert.Equal(10, await first.WaitAsync(Patience));
        Assert.Equal(20, await queued.WaitAsync(Patience));
        Assert.Equal(new[] { new[] { 1 }, [2] }, commits.Batches); // 3 gave up while waiting for room, so it was never queued.
    }

    [Fact]
    public async Task Dispose_WhileABatchCommitsAndCallersWait_NobodyIsLeftWaiting()
    {
        using var commits = new RecordingCommit();
        var queue = new GroupCommitQueue<int, int>(commits.CommitAsync);
        var committing = queue.EnqueueAsync(1);
        await commits.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var queued = queue.EnqueueAsync(2);

        await queue.DisposeAsync().AsTask().WaitAsync(Patience); // The commit never gets its release.

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => committing.WaitAsync(Patience));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Patience));
    }

    // Records each batch and holds it until released (ReleaseAll lets every batch through from then on); the result
    // of item i is 10 × i.
    private sealed class RecordingCommit : IDisposable
    {
        private readonly SemaphoreSlim gate = new(0);
        private volatile bool open;

        public ConcurrentQueue<int[]> BatchLog { get; } = new();

        public int[][] Batches => [.. BatchLog];

        public System.Threading.Channels.Channel<int[]> Started { get; } =
            System.Threading.Channels.Channel.CreateUnbounded<int[]>();

        public int? FailBatchesWith { get; init; }

        public void Dispose() => gate.Dispose();

        public void ReleaseAll()
        {
            open = true;
            gate.Release(1_000);
        }

        public async Task<IReadOnlyList<int>> CommitAsync(IReadOnlyList<int> items, CancellationToken cancellationToken)
        {
            int[] batch = [.. items]; // The queue reuses its list once the commit returns.
            BatchLog.Enqueue(batch);
            Started.Writer.TryWrite(batch);
            if (!open) await gate.WaitAsync(cancellationToken);
            if (FailBatchesWith is { } bad && batch.Contains(bad)) throw new InvalidOperationException($"batch with {bad}");
            return [.. batch.Select(i => 10 * i)];
        }
    }
}
