namespace Engine.Protocol;

/// <summary>
/// A connection's in-flight slots (<see cref="TerminalGatewayOptions.InFlightPerConnectionMax"/>): the read loop
/// takes one before it starts a request's work and waits while all are taken (back-pressure through TCP); the
/// connection's writer loop gives it back once the reply is flushed (<see cref="OutboundQueue"/>).
/// </summary>
/// <remarks>
/// Taking and giving back are one interlocked operation each. A <see cref="SemaphoreSlim"/> took a lock for both, and
/// the read loop and the threads giving slots back shared it: 1.5 % of the silo's profile samples under the in-memory
/// visit load were in <c>Monitor.Enter</c>'s slow path there (which is not all contention; the silo's CPU did not
/// measurably change without it: docs/performance.md). Only one caller waits at a time — the
/// connection's read loop, then its closing drain — so a waiter is one task, published before the count is read
/// again (both sides fence), and a slot given back between the two is never missed.
/// </remarks>
internal sealed class InFlightGate(int slots)
{
    private int taken;
    private TaskCompletionSource? waiter;

    /// <summary>Slots taken now.</summary>
    public int Taken => Volatile.Read(ref taken);

    /// <summary>Takes a slot, waiting while every slot is taken. One caller at a time.</summary>
    public ValueTask TakeAsync() => TryTake() ? ValueTask.CompletedTask : TakeWhenReturnedAsync();

    /// <summary>Gives a slot back and wakes the waiter, if any.</summary>
    public void Return()
    {
        Interlocked.Decrement(ref taken);
        // The decrement is a full fence: a waiter published before it is seen here.
        if (Volatile.Read(ref waiter) is not null) Interlocked.Exchange(ref waiter, null)?.TrySetResult();
    }

    /// <summary>
    /// Waits until every slot is back (the connection is closing and takes no new work), at most
    /// <paramref name="timeout"/>; false when some were still out then.
    /// </summary>
    public async Task<bool> WhenAllReturnedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref taken) is var now && now > 0)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return false;
            try
            {
                await NextReturn(now).WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Takes a slot if one is free now.</summary>
    public bool TryTake()
    {
        var current = Volatile.Read(ref taken);
        while (current < slots)
        {
            var seen = Interlocked.CompareExchange(ref taken, current + 1, current);
            if (seen == current) return true;
            current = seen;
        }
        return false;
    }

    private async ValueTask TakeWhenReturnedAsync()
    {
        do
        {
            await NextReturn(slots);
        }
        while (!TryTake());
    }

    // A task that completes at the next Return after the count was seen at `seen`, or at once when the count has
    // moved since (the caller looks again).
    private Task NextReturn(int seen)
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref waiter, next);
        if (Volatile.Read(ref taken) == seen) return next.Task;
        Interlocked.CompareExchange(ref waiter, null, next);
        return Task.CompletedTask;
    }
}
