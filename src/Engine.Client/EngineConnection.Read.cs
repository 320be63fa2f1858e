using System.Buffers;
using Engine.Contracts.Wire;

namespace Engine.Client;

// The reader loop (style guide E7): whole frames only, MAC verified, AdvanceTo in finally; any fault closes.
public sealed partial class EngineConnection
{
    private async Task ReadLoopAsync()
    {
        Exception cause;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                try
                {
                    while (FrameReader.TryReadFrame(ref buffer, mac, out var header, out var body))
                    {
                        Volatile.Write(ref receivedTicksLast, Environment.TickCount64);
                        Dispatch(header, body);
                    }
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        FrameReader.ThrowIfTruncated(buffer);
                        cause = Volatile.Read(ref disposeStarted) != 0 ? ClosedByOwner()
                            : new ConnectionLostException(ClosedByEngineMessage(), ClosingError());
                        break;
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End); // Consumed whole frames; examined everything.
                }
            }
        }
        catch (Exception exception)
        {
            cause = exception is ConnectionLostException ? exception
                : new ConnectionLostException(
                    $"The connection to {endpoint} broke: {exception.Message}", ClosingError() ?? exception);
        }
        await input.CompleteAsync();
        Close(cause);
    }

    /// <summary>One server frame: a reply to a pending request, or an Error before the engine closes.</summary>
    private void Dispatch(in FrameHeader header, in ReadOnlySequence<byte> body)
    {
        if (!header.IsReply)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.UnexpectedMessage,
                $"a server frame {header.Type.ToHex()} without the reply flag.");
        }
        if (header.Type == MessageType.Error)
        {
            DispatchError(header, body);
            return;
        }
        if (!pending.TryRemove(header.CorrelationId, out var request))
        {
            // Not in flight: a late reply to a request this client gave up on (docs/protocol.md §8: ignore it).
            Interlocked.Increment(ref ignoredReplyCount);
            return;
        }
        ReleaseSlot(request);
        try
        {
            if (header.Type != request.Type)
            {
                ProtocolViolation.Throw(ProtocolViolationReason.UnexpectedMessage,
                    $"a {header.Type.ToHex()} reply to a {request.Type.ToHex()} request.");
            }
            request.Complete(body);
        }
        catch (ProtocolViolationException violation)
        {
            // The engine answered with bytes that are not this request's reply: nothing on this connection can
            // be trusted any more, this request's outcome included.
            request.Fail(new ConnectionLostException(
                $"The engine's reply to {request.Type.ToHex()} is invalid: {violation.Message}", violation));
            throw;
        }
    }

    /// <summary>
    /// An Error frame: the engine closes the connection after it, whatever its correlation id (docs/protocol.md §9:
    /// a client must not depend on which id it carries), so every request in flight fails as outcome unknown.
    /// </summary>
    private void DispatchError(in FrameHeader header, in ReadOnlySequence<byte> body)
    {
        var error = MessageCodec.Decode(body, MessageCodec.ReadError);
        Volatile.Write(ref closingError, error);
        Close(new ConnectionLostException(ClosedByEngineMessage(), new ServerErrorException(error)));
    }

    private ServerErrorException? ClosingError() =>
        Volatile.Read(ref closingError) is { } error ? new ServerErrorException(error) : null;

    private string ClosedByEngineMessage() => Volatile.Read(ref closingError) is { } error
        ? $"The engine at {endpoint} closed the connection with Error {TextOf(error)}: {error.Message}"
        : $"The engine at {endpoint} closed the connection.";

    private static string TextOf(ErrorBody error) =>
        Enum.IsDefined(error.Reason) ? ProtocolViolation.ToText(error.Reason) : "CODE_" + error.Code;
}
