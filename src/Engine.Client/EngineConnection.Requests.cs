using Engine.Contracts.Wire;

namespace Engine.Client;

// Accepting a request: an in-flight slot, a correlation id, the pending map, then the writer's channel.
public sealed partial class EngineConnection
{
    private Task<TReply> Start<TReply>(PendingRequest<TReply> request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<TReply>(cancellationToken);
        if (IsClosing) return Task.FromException<TReply>(LostBeforeSending());
        if (!request.HoldsSlot || slots.Wait(0, CancellationToken.None))
        {
            Accept(request, Environment.TickCount64, requestTimeoutMs, cancellationToken);
            return request.Task;
        }
        return StartWhenSlotFreeAsync(request, cancellationToken);
    }

    /// <summary>All slots are taken: wait for one (the wait counts towards the time-out), then accept.</summary>
    private async Task<TReply> StartWhenSlotFreeAsync<TReply>(
        PendingRequest<TReply> request, CancellationToken cancellationToken)
    {
        var startTicks = Environment.TickCount64;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closing.Token);
        try
        {
            if (!await slots.WaitAsync(requestTimeoutMs, stop.Token))
            {
                throw new TimeoutException(
                    $"No in-flight slot freed within {requestTimeoutMs} ms ({InFlightMax} requests unanswered); " +
                    $"{request.Type.ToHex()} was not sent.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw LostBeforeSending();
        }
        Accept(request, startTicks, requestTimeoutMs, cancellationToken); // The deadline counts from the wait's start.
        return await request.Task;
    }

    /// <summary>
    /// Puts a request in the map, then in the channel. A close that races with this either completes the channel
    /// first (TryWrite fails and the request is failed here) or sweeps the map after this insertion.
    /// </summary>
    private void Accept<TReply>(
        PendingRequest<TReply> request, long startTicks, int timeoutMs, CancellationToken cancellationToken)
    {
        var correlationId = (ulong)Interlocked.Increment(ref correlationIdLast);
        request.Accept(correlationId, startTicks, timeoutMs, cancellationToken);
        pending[correlationId] = request;
        if (!outbound.Writer.TryWrite(request) && pending.TryRemove(correlationId, out _))
        {
            ReleaseSlot(request);
            request.Fail(LostBeforeSending());
        }
    }

    private bool IsClosing => IsClosed || Volatile.Read(ref disposeStarted) != 0;

    private void ReleaseSlot(IPendingRequest request)
    {
        if (request.HoldsSlot) slots.Release();
    }

    private ConnectionLostException LostBeforeSending() =>
        new(CloseCause?.Message ?? $"The connection to {endpoint} is closing.", CloseCause?.InnerException)
        {
            RequestMayHaveBeenSent = false,
        };
}
