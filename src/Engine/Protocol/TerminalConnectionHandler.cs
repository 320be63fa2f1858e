using System.Buffers;
using System.IO.Pipelines;
using Engine.Contracts.Wire;
using Engine.Observability;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Engine.Protocol;

/// <summary>
/// One terminal connection (docs/protocol.md): sign-in, then pipelined requests with out-of-order replies. The
/// read loop parses whole frames only and pauses at the in-flight limit (back-pressure through TCP); replies go
/// through an <see cref="OutboundQueue"/> to one writer loop that flushes once per batch, and a request's slot comes
/// back once its reply is flushed. Bad bytes get one Error frame and a close; nothing a client sends grows memory
/// beyond one frame and the in-flight limit.
/// </summary>
internal sealed partial class TerminalConnectionHandler(
    RequestDispatcher dispatcher, TerminalGatewayOptions options, ILogger<TerminalConnectionHandler> logger) : ConnectionHandler
{
    private static int connectionCount;

    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (Interlocked.Increment(ref connectionCount) > options.ConnectionsMax)
        {
            Interlocked.Decrement(ref connectionCount);
            EngineMetrics.ConnectionRefused();
            LogRefused(logger, connection.ConnectionId, options.ConnectionsMax);
            return;
        }
        EngineMetrics.ConnectionOpened();
        try
        {
            await RunAsync(connection);
        }
        finally
        {
            Interlocked.Decrement(ref connectionCount);
            EngineMetrics.ConnectionClosed();
        }
    }

    private async Task RunAsync(ConnectionContext connection)
    {
        using var session = new TerminalSession();
        var outbound = new OutboundQueue(options.InFlightPerConnectionMax);
        var writer = WriteLoopAsync(connection.Transport.Output, outbound);
        using var deadline = new CancellationTokenSource(options.HandshakeTimeoutMs);
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, session.Closing.Token);
        try
        {
            await ReadLoopAsync(connection.Transport.Input, session, outbound, deadline, closing.Token);
        }
        catch (ProtocolViolationException violation)
        {
            EngineMetrics.ProtocolViolated(violation.Reason);
            LogViolation(logger, connection.ConnectionId, session.Institution, violation.Reason, violation.Message);
            // Unless every control slot holds a frame the terminal is not reading: then it gets no more, not even this.
            outbound.TrySendControl(OutboundFrame.Of(
                MessageType.Error, 0, session.Mac, ErrorBody.From(violation), MessageCodec.Write));
        }
        catch (Exception exception) when (exception is OperationCanceledException or ConnectionResetException or IOException)
        {
            // The peer went away, or the host is stopping: nothing to answer.
        }
        // Let the requests in flight finish and be answered (each is bounded by the request time-out), then close.
        await outbound.WhenAllWrittenAsync(TimeSpan.FromMilliseconds(options.RequestTimeoutMs + 1_000));
        outbound.Complete();
        await writer;
        await connection.Transport.Output.CompleteAsync();
    }

    private async Task ReadLoopAsync(PipeReader input, TerminalSession session, OutboundQueue outbound,
        CancellationTokenSource deadline, CancellationToken closing)
    {
        // Linked once per connection, not per read (a source and two registrations each time): the deadline's source
        // stays the same one, re-armed by CancelAfter.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, closing);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                ProtocolViolation.Throw(session.IsSignedIn ? ProtocolViolationReason.IdleTimeout
                    : ProtocolViolationReason.HandshakeTimeout);
                return;
            }
            var buffer = result.Buffer;
            var frames = 0; // Counted once per read, not per frame: one metrics call however many frames arrived.
            try
            {
                while (FrameReader.TryReadFrame(ref buffer, session.Mac, out var header, out var body))
                {
                    frames++;
                    await dispatcher.DispatchAsync(session, header, body, outbound);
                    // The idle clock restarts on whole frames only, so dribbling bytes (slow-loris) do not keep a
                    // connection open. Re-armed after the dispatch: the frame that completes the sign-in replaces
                    // the handshake deadline with the idle one.
                    if (session.IsSignedIn) deadline.CancelAfter(options.IdleTimeoutMs);
                }
                if (result.IsCompleted)
                {
                    FrameReader.ThrowIfTruncated(buffer);
                    return;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End); // Consumed whole frames; examined everything.
                EngineMetrics.FramesReceived(frames);
            }
        }
    }

    private static async Task WriteLoopAsync(PipeWriter output, OutboundQueue frames)
    {
        try
        {
            while (await frames.WaitToReadAsync())
            {
                var written = 0;
                while (frames.TryRead(out var frame))
                {
                    frame.Write(output, frame);
                    written++;
                }
                EngineMetrics.FramesSent(written); // Once per flush, like the write itself.
                var flushed = await output.FlushAsync();
                frames.Flushed(); // Their slots come back only now: a terminal not reading holds them.
                if (flushed.IsCompleted || flushed.IsCanceled) return;
            }
        }
        catch (Exception exception) when (exception is IOException or ConnectionResetException or InvalidOperationException)
        {
            // The peer is gone; the read loop notices too.
        }
        finally
        {
            // The frames of a failed flush, and whatever is queued now or later, give their slots back: the close
            // waits for every slot.
            frames.Flushed();
            frames.Stop();
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Connection {ConnectionId} institution '{Institution}' closed: {Reason}. {Detail}")]
    private static partial void LogViolation(
        ILogger logger, string connectionId, string institution, ProtocolViolationReason reason, string detail);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Connection {ConnectionId} refused: {ConnectionsMax} connections are open.")]
    private static partial void LogRefused(ILogger logger, string connectionId, int connectionsMax);
}
