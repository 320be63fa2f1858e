using System.Collections.Concurrent;

namespace Engine.Protocol;

/// <summary>
/// A connection's replies on their way to its one writer loop, which writes whatever is queued and flushes once per
/// batch. Every frame holds a slot from when its request was read until the frame is flushed: a request's reply
/// (echo's too) one of the connection's in-flight slots (<see cref="InFlightGate"/>), a frame of the connection's own
/// (sign-in, heartbeat, the error before a close) one of a few control slots, so that a heartbeat is answered while
/// every request slot is taken. The queue never holds more than those slots, and a terminal that stops reading its
/// replies stops being read (back-pressure through TCP).
/// </summary>
/// <remarks>
/// Any thread queues (the read loop its own replies, the grain calls theirs as they complete); only the writer loop
/// reads. Queueing is lock-free: a bounded <c>Channel</c> took a lock per write and per read, shared by the completing
/// requests and the writer loop (docs/performance.md). The writer loop waits as the one waiter of
/// <see cref="InFlightGate"/> does: it publishes its wake-up, then looks at the queue again.
/// </remarks>
internal sealed class OutboundQueue(int inFlightMax)
{
    /// <summary>Frames of the connection's own that may wait to be written at once.</summary>
    public const int ControlSlots = 4;

    private readonly InFlightGate slots = new(inFlightMax);
    private readonly InFlightGate controlSlots = new(ControlSlots);
    private readonly ConcurrentQueue<(OutboundFrame Frame, bool Control)> frames = new();
    private TaskCompletionSource? writerWaiting;
    private volatile bool completed;
    private volatile bool stopped;
    private int readSinceFlush; // The writer loop's alone, like the next one.
    private int controlReadSinceFlush;

    /// <summary>Takes an in-flight slot for a request, waiting while all are taken. The read loop only.</summary>
    public ValueTask TakeSlotAsync() => slots.TakeAsync();

    /// <summary>Queues the reply of a request that holds a slot (<see cref="TakeSlotAsync"/>).</summary>
    public void Enqueue(OutboundFrame frame) => Enqueue(frame, control: false);

    private void Enqueue(OutboundFrame frame, bool control)
    {
        frames.Enqueue((frame, control));
        // The queue publishes the frame with a release store, which a later load may pass: without this fence the
        // writer could find the queue empty and this thread its wake-up not yet published, and the frame would wait.
        Interlocked.MemoryBarrier();
        if (stopped)
        {
            // The writer loop has ended (the terminal is gone): nobody will write this frame.
            Discard();
            return;
        }
        if (Volatile.Read(ref writerWaiting) is not null) Interlocked.Exchange(ref writerWaiting, null)?.TrySetResult();
    }

    /// <summary>Takes a request slot and queues a reply the read loop gives itself (echo).</summary>
    public async ValueTask SendAsync(OutboundFrame frame)
    {
        await slots.TakeAsync();
        Enqueue(frame, control: false);
    }

    /// <summary>Takes a control slot and queues a frame of the connection's own (sign-in, heartbeat).</summary>
    public async ValueTask SendControlAsync(OutboundFrame frame)
    {
        await controlSlots.TakeAsync();
        Enqueue(frame, control: true);
    }

    /// <summary>Queues a control frame if a control slot is free now (the error before a close).</summary>
    public bool TrySendControl(OutboundFrame frame)
    {
        if (!controlSlots.TryTake()) return false;
        Enqueue(frame, control: true);
        return true;
    }

    /// <summary>No more frames will be queued: the writer loop ends once it has written what is queued.</summary>
    public void Complete()
    {
        completed = true;
        Interlocked.Exchange(ref writerWaiting, null)?.TrySetResult();
    }

    /// <summary>
    /// Waits until every request slot is back (every reply flushed or dropped), at most <paramref name="timeout"/>.
    /// </summary>
    public Task<bool> WhenAllWrittenAsync(TimeSpan timeout) => slots.WhenAllReturnedAsync(timeout);

    /// <summary>The writer loop: waits for a frame; false once completed and empty.</summary>
    public async ValueTask<bool> WaitToReadAsync()
    {
        while (frames.IsEmpty)
        {
            if (completed) return !frames.IsEmpty;
            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref writerWaiting, next);
            if (!frames.IsEmpty || completed)
            {
                Interlocked.CompareExchange(ref writerWaiting, null, next);
                continue;
            }
            await next.Task;
        }
        return true;
    }

    /// <summary>The writer loop: takes the next frame to write.</summary>
    public bool TryRead(out OutboundFrame frame)
    {
        if (!frames.TryDequeue(out var next))
        {
            frame = default;
            return false;
        }
        if (next.Control) controlReadSinceFlush++;
        else readSinceFlush++;
        frame = next.Frame;
        return true;
    }

    /// <summary>The writer loop: the frames it read are flushed (or their flush failed): their slots go back.</summary>
    public void Flushed()
    {
        for (; readSinceFlush > 0; readSinceFlush--) slots.Return();
        for (; controlReadSinceFlush > 0; controlReadSinceFlush--) controlSlots.Return();
    }

    /// <summary>The writer loop has ended: what is queued now or later is dropped and its slot given back.</summary>
    public void Stop()
    {
        stopped = true;
        Interlocked.MemoryBarrier(); // Against Enqueue: it queues, then reads `stopped`; this writes it, then drains.
        Discard();
    }

    private void Discard()
    {
        while (frames.TryDequeue(out var dropped)) (dropped.Control ? controlSlots : slots).Return();
    }
}
