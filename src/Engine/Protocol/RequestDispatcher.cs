using System.Buffers;
using System.Diagnostics;
using Engine.Contracts.Domain;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Contracts.Security;
using Engine.Contracts.Wire;
using Engine.Grains;
using Engine.Observability;
using Microsoft.Extensions.Logging;

namespace Engine.Protocol;

/// <summary>
/// Turns one parsed frame into work: the sign-in steps, control messages, business transactions (bound to the
/// signed-in institution) and admin messages. Bodies are decoded before the read buffer moves on; the work itself
/// runs concurrently, bounded by the connection's in-flight slots, and its reply goes to the connection's writer.
/// The protocol layer never decides anything: it calls <see cref="GrainSettlementApi"/>.
/// </summary>
internal sealed partial class RequestDispatcher(
    GrainSettlementApi api, IGrainFactory grains, TerminalGatewayOptions options, ILogger<RequestDispatcher> logger)
{
    private static readonly TimeSpan AdminTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Handles one frame; throws <see cref="ProtocolViolationException"/> for anything out of protocol.</summary>
    public async ValueTask DispatchAsync(TerminalSession session, FrameHeader header, ReadOnlySequence<byte> body,
        OutboundQueue outbound)
    {
        if ((header.Flags & FrameFlags.Reply) != 0)
        {
            ProtocolViolation.Throw(ProtocolViolationReason.UnexpectedMessage, "a client does not send replies.");
        }
        if (!session.IsSignedIn)
        {
            await SignInAsync(session, header, body, outbound);
            return;
        }
        var correlation = header.CorrelationId;
        switch (header.Type)
        {
            case MessageType.Heartbeat:
                MessageCodec.DecodeEmpty(body);
                // A control slot: heartbeats are answered while every request slot is taken (docs/protocol.md §8).
                await outbound.SendControlAsync(OutboundFrame.Raw(MessageType.Heartbeat, correlation, session.Mac, []));
                return;
            case MessageType.Echo:
                await outbound.SendAsync(OutboundFrame.Raw(MessageType.Echo, correlation, session.Mac, body.ToArray()));
                return;
            case MessageType.Ping:
                var ping = MessageCodec.Decode(body, MessageCodec.ReadPing);
                await StartAsync(outbound, session, header, async () => OutboundFrame.Of(
                    MessageType.Ping, correlation, session.Mac,
                    new PingReplyBody(await api.PingAsync(ping.PsnNo, ping.Value)), MessageCodec.Write));
                return;
            case var type when type.IsBusiness():
                if (session.IsAdmin) ProtocolViolation.Throw(ProtocolViolationReason.NotAuthorized, "admin sessions do not transact.");
                var started = EngineMetrics.Timestamp(); // Latency includes the wait for an in-flight slot.
                var call = DecodeBusiness(type, body, session.Institution, out var request);
                await StartAsync(outbound, session, header, async () => OutboundFrame.Of(
                    type, correlation, session.Mac, await CallAsync(type, session.Institution, request, started, call),
                    MessageCodec.Write));
                return;
            case var type when type.IsAdmin():
                if (!session.IsAdmin) ProtocolViolation.Throw(ProtocolViolationReason.NotAuthorized, type.ToHex());
                await StartAdminAsync(type, body, session, header, outbound);
                return;
            default:
                ProtocolViolation.Throw(ProtocolViolationReason.UnexpectedMessage, header.Type.ToHex());
                return;
        }
    }

    /// <summary>Decodes a business body, the institution coming from the connection, never from the wire.</summary>
    private Func<Task<TransactionReply>> DecodeBusiness(MessageType type, ReadOnlySequence<byte> body, string institution,
        out object request)
    {
        switch (type)
        {
            case MessageType.PersonInfo:
                var personInfo = MessageCodec.Decode(body, institution, MessageCodec.ReadPersonInfoRequest);
                request = personInfo;
                return () => api.PersonInfoAsync(personInfo);
            case MessageType.Register:
                var register = MessageCodec.Decode(body, institution, MessageCodec.ReadRegisterRequest);
                request = register;
                return () => api.RegisterAsync(register);
            case MessageType.CancelRegistration:
                var cancelRegistration = MessageCodec.Decode(body, institution, MessageCodec.ReadCancelRegistrationRequest);
                request = cancelRegistration;
                return () => api.CancelRegistrationAsync(cancelRegistration);
            case MessageType.UploadFees:
                var upload = MessageCodec.Decode(body, institution, MessageCodec.ReadUploadFeesRequest);
                request = upload;
                return () => api.UploadFeesAsync(upload);
            case MessageType.CancelFees:
                var cancelFees = MessageCodec.Decode(body, institution, MessageCodec.ReadCancelFeesRequest);
                request = cancelFees;
                return () => api.CancelFeesAsync(cancelFees);
            case MessageType.PreSettle:
                var preSettle = MessageCodec.Decode(body, institution, MessageCodec.ReadPreSettleRequest);
                request = preSettle;
                return () => api.PreSettleAsync(preSettle);
            case MessageType.Settle:
                var settle = MessageCodec.Decode(body, institution, MessageCodec.ReadSettleRequest);
                request = settle;
                return () => api.SettleAsync(settle);
            case MessageType.CancelSettlement:
                var cancelSettlement = MessageCodec.Decode(body, institution, MessageCodec.ReadCancelSettlementRequest);
                request = cancelSettlement;
                return () => api.CancelSettlementAsync(cancelSettlement);
            case MessageType.Reverse:
                var reverse = MessageCodec.Decode(body, institution, MessageCodec.ReadReverseRequest);
                request = reverse;
                return () => api.ReverseAsync(reverse);
            case MessageType.Reconcile:
                var reconcile = MessageCodec.Decode(body, institution, MessageCodec.ReadReconcileRequest);
                request = reconcile;
                return () => api.ReconcileAsync(reconcile);
            default:
                request = null!;
                return ProtocolViolation.Throw<Func<Task<TransactionReply>>>(
                    ProtocolViolationReason.UnknownMessageType, type.ToHex());
        }
    }

    /// <summary>
    /// A grain call that fails or outlives the time-out has an unknown outcome: the reply says so (transient),
    /// and the terminal retransmits with the same msgId or reverses (docs/protocol.md). Counts the transaction and
    /// its latency since <paramref name="started"/> by operation and status.
    /// </summary>
    private async Task<TransactionReply> CallAsync(MessageType type, string institution, object request, long started,
        Func<Task<TransactionReply>> call)
    {
        // A scope allocates, and at the usual levels nothing is logged on success: the whole request gets one only
        // when its Debug line is on; otherwise the failure line below opens its own.
        var scope = logger.IsEnabled(LogLevel.Debug) ? TransactionLogScope.For(institution, request) : null;
        using var requestScope = scope is null ? null : logger.BeginScope(scope);
        TransactionReply reply;
        var callStarted = EngineMetrics.Timestamp();
        try
        {
            reply = await call().WaitAsync(TimeSpan.FromMilliseconds(options.RequestTimeoutMs));
            EngineMetrics.GrainCallCompleted(type, GrainCallResult.Ok, callStarted);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            EngineMetrics.GrainCallCompleted(type,
                exception is TimeoutException ? GrainCallResult.Timeout : GrainCallResult.Error, callStarted);
            using (scope is null ? TransactionLogScope.Begin(logger, LogLevel.Warning, institution, request) : null)
            {
                LogOutcomeUnknown(logger, exception);
            }
            reply = TransactionReply.Rejected(SettlementStatus.OutcomeUnknown, "the outcome is unknown: retransmit or reverse.");
        }
        EngineMetrics.TransactionCompleted(type, reply.Status, started);
        if (scope is not null)
        {
            if (reply.SettlementId is { } settlementId) scope.SettlementId = settlementId;
            LogAnswered(logger, type.ToHex(), reply.Status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return reply;
    }

    private async ValueTask StartAdminAsync(MessageType type, ReadOnlySequence<byte> body, TerminalSession session,
        FrameHeader header, OutboundQueue outbound)
    {
        var correlation = header.CorrelationId;
        switch (type)
        {
            case MessageType.ReferenceUpsert:
                var data = MessageCodec.Decode(body, MessageCodec.ReadReferenceData);
                await StartAsync(outbound, session, header, async () =>
                {
                    await api.LoadReferenceAsync(data).WaitAsync(AdminTimeout);
                    return OutboundFrame.Of(MessageType.ReferenceUpsert, correlation, session.Mac,
                        new ReferenceUpsertReplyBody((ulong)api.ReferenceVersion), MessageCodec.Write);
                });
                return;
            case MessageType.Clearing:
                var month = MessageCodec.Decode(body, MessageCodec.ReadClearingRequest);
                await StartAsync(outbound, session, header, async () => OutboundFrame.Of(
                    MessageType.Clearing, correlation, session.Mac,
                    await grains.GetGrain<ILedgerGrain>(0).GetClearingAsync(month.Year, month.Month).WaitAsync(AdminTimeout),
                    MessageCodec.Write));
                return;
            case MessageType.ReconcileAny:
                var started = EngineMetrics.Timestamp();
                var reconcile = MessageCodec.Decode(body, MessageCodec.ReadReconcileAny);
                await StartAsync(outbound, session, header, async () => OutboundFrame.Of(
                    MessageType.ReconcileAny, correlation, session.Mac,
                    await CallAsync(MessageType.ReconcileAny, session.Institution, reconcile, started,
                        () => api.ReconcileAsync(reconcile)), MessageCodec.Write));
                return;
            default:
                ProtocolViolation.Throw(ProtocolViolationReason.UnknownMessageType, type.ToHex());
                return;
        }
    }

    /// <summary>
    /// Takes an in-flight slot (waiting when all are taken: back-pressure) and runs the work in the background; its
    /// reply, or an Error frame, takes the slot to the writer loop, which gives it back once the reply is flushed.
    /// </summary>
    private async ValueTask StartAsync(OutboundQueue outbound, TerminalSession session, FrameHeader header,
        Func<Task<OutboundFrame>> work)
    {
        await outbound.TakeSlotAsync();
        _ = RunAsync();

        async Task RunAsync()
        {
            OutboundFrame reply;
            try
            {
                reply = await work();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogWorkFailed(logger, exception, session.Institution, header.Type.ToHex());
                // A ping or admin request has no status to carry the failure (business requests answer
                // OUTCOME_UNKNOWN instead): one Error frame on its correlation id, then close (docs/protocol.md §9).
                var error = new ErrorBody((ushort)ProtocolViolationReason.MalformedBody, "request failed: " + exception.Message);
                outbound.Enqueue(OutboundFrame.Of(MessageType.Error, header.CorrelationId, session.Mac, error, MessageCodec.Write));
                try
                {
                    await session.Closing.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // The connection already closed.
                }
                return;
            }
            outbound.Enqueue(reply);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "A grain call failed or timed out; replied OUTCOME_UNKNOWN.")]
    private static partial void LogOutcomeUnknown(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Request {Type} of '{Institution}' failed.")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception, string institution, string type);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Transaction {Type} answered {Status} in {ElapsedMs:F1} ms.")]
    private static partial void LogAnswered(ILogger logger, string type, SettlementStatus status, double elapsedMs);
}
