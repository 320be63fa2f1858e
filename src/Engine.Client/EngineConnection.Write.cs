using System.Net.Sockets;
using Engine.Contracts.Wire;

namespace Engine.Client;

// The writer loop (every queued frame, then one flush), the periodic sweep (time-outs, heartbeat, liveness) and
// closing.
public sealed partial class EngineConnection
{
    private async Task WriteLoopAsync()
    {
        var frames = outbound.Reader;
        try
        {
            while (await frames.WaitToReadAsync())
            {
                while (frames.TryRead(out var request))
                {
                    WriteOne(request);
                }
                var flushed = await output.FlushAsync();
                Volatile.Write(ref sentTicksLast, Environment.TickCount64);
                if (flushed.IsCompleted || flushed.IsCanceled) break;
            }
            await output.CompleteAsync();
        }
        catch (Exception exception)
        {
            await output.CompleteAsync(exception);
            Close(new ConnectionLostException($"Writing to {endpoint} failed: {exception.Message}", exception));
        }
    }

    private void WriteOne(IPendingRequest request)
    {
        if (request.IsCallerDone && !request.WasWritten && request.HoldsSlot)
        {
            // Timed out or cancelled before it was written: never send it, free its slot now.
            if (pending.TryRemove(request.CorrelationId, out _)) ReleaseSlot(request);
            return;
        }
        try
        {
            request.Write(output, mac);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // The body cannot be encoded (a string or array over its limit, a frame over 1 MiB). FrameWriter builds
            // the whole frame before copying it out, so nothing of it reached the output: fail this request only.
            if (pending.TryRemove(request.CorrelationId, out _))
            {
                ReleaseSlot(request);
                request.Fail(exception);
            }
        }
    }

    private async Task SweepLoopAsync()
    {
        var intervalMs = Math.Clamp(Math.Min(requestTimeoutMs, heartbeatAfterMs) / 10, SweepIntervalMsMin,
            SweepIntervalMsMax);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(intervalMs));
        try
        {
            while (await timer.WaitForNextTickAsync(closing.Token))
            {
                Sweep(Environment.TickCount64);
            }
        }
        catch (OperationCanceledException)
        {
            // Closed.
        }
    }

    /// <summary>Times out late requests, closes a connection that stopped answering, and sends heartbeats.</summary>
    private void Sweep(long nowTicks)
    {
        var stalledAfterMs = Math.Max((long)requestTimeoutMs * StalledTimeoutMultiple, IdleTimeoutMs);
        foreach (var (_, request) in pending)
        {
            if (nowTicks < request.DeadlineTicks || ReferenceEquals(request, heartbeat)) continue;
            request.TimeOut();
            if (nowTicks - request.StartTicks >= stalledAfterMs)
            {
                Close(new ConnectionLostException(
                    $"The engine at {endpoint} has not answered {request.Type.ToHex()} (correlation id " +
                    $"{request.CorrelationId}) for {nowTicks - request.StartTicks} ms; the connection is presumed " +
                    "broken."));
                return;
            }
        }
        // One heartbeat at a time. Its time-out is this check, not TimeOut(): a heartbeat that got no reply while
        // nothing else arrived either means the engine (or the path to it) is gone.
        var beat = heartbeat;
        if (beat is { IsCallerDone: true }) beat = heartbeat = null;
        if (beat is not null)
        {
            if (nowTicks < beat.DeadlineTicks) return;
            if (Volatile.Read(ref receivedTicksLast) < beat.StartTicks)
            {
                Close(new ConnectionLostException(
                    $"The engine at {endpoint} did not answer a heartbeat within " +
                    $"{beat.DeadlineTicks - beat.StartTicks} ms, and sent nothing else meanwhile."));
                return;
            }
            heartbeat = null; // Unanswered while the engine talks: an ordinary late request now (the stall rule).
        }
        if (nowTicks - Volatile.Read(ref sentTicksLast) >= heartbeatAfterMs && !IsClosing)
        {
            // docs/protocol.md §8: silence for the idle time-out means the connection is dead; sooner when the
            // request time-out is shorter.
            heartbeat = new HeartbeatPendingRequest();
            Accept(heartbeat, nowTicks, Math.Min(requestTimeoutMs, IdleTimeoutMs), CancellationToken.None);
        }
    }

    /// <summary>The owner is closing: let the requests in flight finish, flush, then shut the sending side.</summary>
    private async Task DrainAsync()
    {
        var waiting = pending.Values.Where(request => !request.IsCallerDone && request.Type != MessageType.Heartbeat)
            .Select(request => request.CallerTask).ToArray();
        if (waiting.Length > 0)
        {
            try
            {
                await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromMilliseconds(requestTimeoutMs));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The callers see their own outcomes; closing goes on.
            }
        }
        outbound.Writer.TryComplete();
        await writeLoop;
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            await readLoop.WaitAsync(TimeSpan.FromMilliseconds(CloseReadWaitMs));
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or TimeoutException)
        {
            // The engine did not close its side in time, or the socket is gone already: close it ourselves.
        }
    }

    /// <summary>Closes once: no more sends, the socket closed, every pending request failed.</summary>
    private void Close(Exception cause)
    {
        if (Interlocked.CompareExchange(ref closeCause, cause, null) is not null) return;
        Volatile.Write(ref closeStarted, 1);
        outbound.Writer.TryComplete();
        closing.Cancel();
        stream.Dispose(); // Owns the socket: the reader and writer loops end with an exception, which is ignored.
        foreach (var (correlationId, request) in pending)
        {
            if (!pending.TryRemove(correlationId, out _)) continue;
            // Each caller gets its own exception, with the cause's own cause (an Error frame, a socket error).
            request.Fail(new ConnectionLostException(cause.Message, cause.InnerException ?? cause)
            {
                RequestMayHaveBeenSent = request.WasWritten,
            });
        }
        closed.TrySetResult();
    }

    private ConnectionLostException ClosedByOwner() => new($"The connection to {endpoint} was closed by its owner.");
}
