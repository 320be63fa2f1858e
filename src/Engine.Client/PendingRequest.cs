using System.Buffers;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>
/// A request an <see cref="EngineConnection"/> has accepted: it waits in the writer channel, then in the map of
/// pending correlation ids until its reply arrives or the connection fails. The caller's task may end earlier
/// (time-out, cancellation); the entry stays in the map, holding its in-flight slot, until the engine answers,
/// because the engine still counts it as in flight.
/// </summary>
internal interface IPendingRequest
{
    /// <summary>The frame's correlation id, set when the request is accepted.</summary>
    ulong CorrelationId { get; }

    /// <summary>The request's message type; its reply carries the same type.</summary>
    MessageType Type { get; }

    /// <summary>When the caller stops waiting (<see cref="Environment.TickCount64"/> milliseconds).</summary>
    long DeadlineTicks { get; }

    /// <summary>When the request was accepted (<see cref="Environment.TickCount64"/> milliseconds).</summary>
    long StartTicks { get; }

    /// <summary>Does the request hold one of the connection's in-flight slots (a heartbeat does not).</summary>
    bool HoldsSlot { get; }

    /// <summary>Has the caller's task ended (reply, failure, time-out or cancellation).</summary>
    bool IsCallerDone { get; }

    /// <summary>Has the writer started writing the frame (it may have reached the engine).</summary>
    bool WasWritten { get; }

    /// <summary>The caller's task.</summary>
    Task CallerTask { get; }

    /// <summary>Writes the request's frame; called by the writer loop only.</summary>
    void Write(IBufferWriter<byte> output, FrameMac mac);

    /// <summary>Decodes the reply body and completes the caller; called by the reader loop only.</summary>
    /// <exception cref="ProtocolViolationException">The body is not this request's reply.</exception>
    void Complete(in ReadOnlySequence<byte> body);

    /// <summary>Fails the caller (when it still waits).</summary>
    void Fail(Exception exception);

    /// <summary>Fails the caller with a <see cref="TimeoutException"/> (when it still waits).</summary>
    void TimeOut();
}

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

/// <summary>A request whose body and reply are MessagePack values.</summary>
internal sealed class BodyPendingRequest<TRequest, TReply>(
    MessageType type, TRequest request, BodyWriter<TRequest> write, BodyReader<TReply> read)
    : PendingRequest<TReply>(type, holdsSlot: true)
{
    protected override void WriteFrame(IBufferWriter<byte> output, FrameMac mac) =>
        FrameWriter.WriteFrame(output, Type, CorrelationId, FrameFlags.None, mac, request, write);

    protected override TReply Read(in ReadOnlySequence<byte> body) => MessageCodec.Decode(body, read);
}

/// <summary>An Echo: the reply must be the payload unchanged; the result is its length in bytes.</summary>
internal sealed class EchoPendingRequest(ReadOnlyMemory<byte> payload)
    : PendingRequest<int>(MessageType.Echo, holdsSlot: true)
{
    protected override void WriteFrame(IBufferWriter<byte> output, FrameMac mac) =>
        FrameWriter.WriteFrame(output, Type, CorrelationId, FrameFlags.None, mac, payload.Span);

    protected override int Read(in ReadOnlySequence<byte> body)
    {
        if (body.Length != payload.Length || !SequenceEquals(body, payload.Span))
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody, "the echo differs from what was sent.");
        }
        return payload.Length;
    }

    private static bool SequenceEquals(in ReadOnlySequence<byte> body, ReadOnlySpan<byte> expected)
    {
        if (body.IsSingleSegment) return body.FirstSpan.SequenceEqual(expected);
        var offset = 0;
        foreach (var segment in body)
        {
            if (!segment.Span.SequenceEqual(expected.Slice(offset, segment.Length))) return false;
            offset += segment.Length;
        }
        return true;
    }
}

/// <summary>A Heartbeat: empty both ways; it holds no in-flight slot (the engine does not count it).</summary>
internal sealed class HeartbeatPendingRequest() : PendingRequest<bool>(MessageType.Heartbeat, holdsSlot: false)
{
    protected override void WriteFrame(IBufferWriter<byte> output, FrameMac mac) =>
        FrameWriter.WriteFrame(output, Type, CorrelationId, FrameFlags.None, mac, ReadOnlySpan<byte>.Empty);

    protected override bool Read(in ReadOnlySequence<byte> body)
    {
        MessageCodec.DecodeEmpty(body);
        return true;
    }
}
