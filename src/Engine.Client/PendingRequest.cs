using System.Buffers;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>The common part of every pending request: the caller's task is this completion source's.</summary>
internal abstract class PendingRequest<TReply>(MessageType type, bool holdsSlot)
    : TaskCompletionSource<TReply>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingRequest
{
    private CancellationTokenRegistration cancellation;
    private int written;

    public ulong CorrelationId { get; private set; }

    public MessageType Type { get; } = type;

    public long DeadlineTicks { get; private set; }

    public long StartTicks { get; private set; }

    public bool HoldsSlot { get; } = holdsSlot;

    public bool IsCallerDone => Task.IsCompleted;

    public Task CallerTask => Task;

    public bool WasWritten => Volatile.Read(ref written) != 0;

    /// <summary>Stamps the request when the connection accepts it; the caller's token may cancel its wait.</summary>
    public void Accept(ulong correlationId, long nowTicks, int timeoutMs, CancellationToken cancellationToken)
    {
        CorrelationId = correlationId;
        StartTicks = nowTicks;
        DeadlineTicks = nowTicks + timeoutMs;
        if (cancellationToken.CanBeCanceled)
        {
            cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingRequest<TReply>)state!).TrySetCanceled(token), this);
        }
    }

    public void Write(IBufferWriter<byte> output, FrameMac mac)
    {
        Volatile.Write(ref written, 1); // Before the bytes: a failure from here on may leave them on the wire.
        WriteFrame(output, mac);
    }

    public void Complete(in ReadOnlySequence<byte> body)
    {
        cancellation.Unregister();
        TrySetResult(Read(body));
    }

    public void Fail(Exception exception)
    {
        cancellation.Unregister();
        TrySetException(exception);
    }

    public void TimeOut()
    {
        if (IsCallerDone) return;
        cancellation.Unregister();
        TrySetException(new TimeoutException(
            $"No reply to {Type.ToHex()} (correlation id {CorrelationId}) within {DeadlineTicks - StartTicks} ms."));
    }

    protected abstract void WriteFrame(IBufferWriter<byte> output, FrameMac mac);

    protected abstract TReply Read(in ReadOnlySequence<byte> body);
}
