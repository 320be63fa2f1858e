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
