using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;

namespace Engine.Client;

/// <summary>
/// The terminal transactions of one institution over the engine's TCP protocol, with the safe retry discipline
/// of docs/protocol.md and design.md. Connections open lazily and are replaced after a loss.
/// </summary>
/// <remarks>
/// <para>
/// <b>Failover.</b> Given several gateways (<see cref="SettlementClientOptions.Endpoints"/>), the client connects to
/// the home one and moves to the next, round-robin, when a connection cannot be opened or is lost; one attempt tries
/// each gateway at most once, and attempts are bounded and paced as retransmissions are. It tries home again
/// <see cref="SettlementClientOptions.HomeRetryMs"/> after leaving it. The msgId registry is cluster-wide, so a
/// retransmission with the same msgId may go to another silo: the discipline below is the same whichever gateway
/// answers.
/// </para>
/// <para>
/// <b>State-changing requests</b> (register, cancelRegistration, uploadFees, cancelFees, settle, cancelSettlement,
/// reverse) whose reply is lost — no reply within the time-out, the connection lost (or closed by an Error frame)
/// after the request may have been sent, or an OUTCOME_UNKNOWN reply — are retransmitted with the <b>same msgId</b>
/// (and a new correlation id), at most <see cref="SettlementClientOptions.RetransmissionsMax"/> times: the engine
/// answers a retransmission from its log, so it never settles twice. A settle or cancelSettlement whose outcome is
/// still unknown is then reversed: a 2601 with msgId <see cref="ReversalMsgIds.Derive"/>(original msgId),
/// originalOp "settle" or "cancelSettlement" and the original's business time, retransmitted the same way.
/// </para>
/// <para>
/// <b>What the caller sees.</b> Any reply other than OUTCOME_UNKNOWN, business rejections included, is returned as
/// is. An outcome still unknown after all that is returned as a reply with status
/// <see cref="SettlementStatus.OutcomeUnknown"/> whose <see cref="UnknownOutcome"/>
/// (<see cref="UnknownOutcome.TryGet"/>) says whether the original was reversed
/// (<see cref="UnknownOutcome.IsReversed"/>: it has no effect now, and its msgId is dead), or is thrown as
/// <see cref="UnknownOutcomeException"/> when <see cref="SettlementClientOptions.ThrowOnUnknownOutcome"/> is set.
/// <b>Reads</b> (personInfo, preSettle, reconcile) are retried the same way and never reversed.
/// </para>
/// <para>
/// <b>Exceptions</b> mean: <see cref="ArgumentException"/> — the request names another institution or cannot be
/// encoded (nothing sent); <see cref="System.Security.Authentication.AuthenticationException"/> — the sign-in failed
/// (with several gateways a refused sign-in is one more reason to try the next, and ends up in
/// <see cref="EngineUnreachableException.Failures"/>);
/// <see cref="System.Net.Sockets.SocketException"/>, <see cref="TimeoutException"/>,
/// <see cref="ConnectionLostException"/> or (several gateways) <see cref="EngineUnreachableException"/> — the engine
/// could not be reached and <b>nothing was sent</b>;
/// <see cref="OperationCanceledException"/> — the caller cancelled: the wait is abandoned, no reversal is sent, and
/// the outcome of a request already sent is unknown (retransmit it with the same msgId, or reverse it).
/// </para>
/// </remarks>
public sealed class SettlementClient : ISettlementApi, IAsyncDisposable
{
    private const string SettleOp = "settle";
    private const string CancelSettlementOp = "cancelSettlement";

    private readonly SettlementClientOptions options;
    private readonly ConnectionPool connections;
    private readonly ConditionalWeakTable<TransactionReply, GatewayEndpoint> answeredBy = [];

    /// <summary>A client for <see cref="SettlementClientOptions.Institution"/>; nothing connects until a
    /// request.</summary>
    /// <exception cref="ArgumentException">An option cannot work.</exception>
    public SettlementClient(SettlementClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options.Clone();
        connections = new ConnectionPool(
            this.options.ToConnectionOptions(), this.options.ToEndpointSelector(), this.options.ConnectionCount);
    }

    /// <summary>The institution this client signs in as.</summary>
    public string Institution => options.Institution;

    /// <summary>The gateway new connections go to now (it changes on failover and on the return home).</summary>
    public GatewayEndpoint CurrentEndpoint => connections.CurrentEndpoint;

    /// <summary>
    /// The gateway that gave <paramref name="reply"/>, a reply this client returned; for an OUTCOME_UNKNOWN the
    /// client made, the gateway of the last attempt that reached one. False for a reply of another client.
    /// </summary>
    public bool TryGetAnsweringEndpoint(TransactionReply reply, [NotNullWhen(true)] out GatewayEndpoint? endpoint)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return answeredBy.TryGetValue(reply, out endpoint);
    }

    /// <inheritdoc />
    public Task<TransactionReply> PersonInfoAsync(
        PersonInfoRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckInstitution(request.Institution);
        return ReadAsync(MessageType.PersonInfo, request, MessageCodec.Write, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TransactionReply> RegisterAsync(
        RegisterRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(MessageType.Register, request, MessageCodec.Write, reversalOp: null, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> CancelRegistrationAsync(
        CancelRegistrationRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(MessageType.CancelRegistration, request, MessageCodec.Write, reversalOp: null, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> UploadFeesAsync(
        UploadFeesRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(MessageType.UploadFees, request, MessageCodec.Write, reversalOp: null, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> CancelFeesAsync(
        CancelFeesRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(MessageType.CancelFees, request, MessageCodec.Write, reversalOp: null, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> PreSettleAsync(
        PreSettleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckInstitution(request.Institution);
        return ReadAsync(MessageType.PreSettle, request, MessageCodec.Write, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TransactionReply> SettleAsync(SettleRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(MessageType.Settle, request, MessageCodec.Write, SettleOp, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> CancelSettlementAsync(
        CancelSettlementRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(MessageType.CancelSettlement, request, MessageCodec.Write, CancelSettlementOp, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> ReverseAsync(ReverseRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(MessageType.Reverse, request, MessageCodec.Write, reversalOp: null, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> ReconcileAsync(
        ReconcileRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckInstitution(request.Institution);
        return ReadAsync(MessageType.Reconcile, request, MessageCodec.Write, cancellationToken);
    }

    /// <summary>Closes the connections cleanly: requests in flight get their replies first.</summary>
    public ValueTask DisposeAsync() => connections.DisposeAsync();

    /// <summary>A state-changing request: retransmitted with its msgId, then reversed when it is a
    /// settlement's.</summary>
    private Task<TransactionReply> ChangeAsync<T>(
        MessageType type, T request, BodyWriter<T> write, string? reversalOp, CancellationToken cancellationToken)
        where T : IStateChangingRequest
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckInstitution(request.Institution);
        ArgumentException.ThrowIfNullOrEmpty(request.MsgId, nameof(request));
        return ChangeCoreAsync(type, request, write, reversalOp, cancellationToken);
    }

    private async Task<TransactionReply> ChangeCoreAsync<T>(
        MessageType type, T request, BodyWriter<T> write, string? reversalOp, CancellationToken cancellationToken)
        where T : IStateChangingRequest
    {
        var sent = await TransmitAsync(type, request, write, cancellationToken);
        if (sent.Reply is { } reply) return reply;
        if (!sent.MaybeSent) ExceptionDispatchInfo.Throw(sent.LastFailure!);
        if (reversalOp is null)
        {
            return Unknown(new UnknownOutcome(
                type, request.MsgId, sent.Attempts, sent.LastFailure, ReversalState.NotApplicable, null, null),
                sent.Endpoint);
        }

        // After this point the original may have been applied: only a 2601 makes its effect known (none).
        var reversal = new ReverseRequest(
            ReversalMsgIds.Derive(request.MsgId), options.Institution, request.MsgId, reversalOp, request.At);
        var reversed = await TransmitAsync(MessageType.Reverse, reversal, MessageCodec.Write, cancellationToken);
        var state = reversed.Reply switch
        {
            null => ReversalState.Unknown,
            { IsOk: true } => ReversalState.Reversed,
            _ => ReversalState.Rejected,
        };
        return Unknown(new UnknownOutcome(
            type, request.MsgId, sent.Attempts, sent.LastFailure, state, reversal.MsgId, reversed.Reply),
            reversed.Endpoint ?? sent.Endpoint);
    }

    /// <summary>A read: retried while its outcome is unknown, never reversed.</summary>
    private async Task<TransactionReply> ReadAsync<T>(
        MessageType type, T request, BodyWriter<T> write, CancellationToken cancellationToken)
    {
        var sent = await TransmitAsync(type, request, write, cancellationToken);
        if (sent.Reply is { } reply) return reply;
        if (!sent.MaybeSent) ExceptionDispatchInfo.Throw(sent.LastFailure!);
        return Unknown(new UnknownOutcome(
            type, null, sent.Attempts, sent.LastFailure, ReversalState.NotApplicable, null, null), sent.Endpoint);
    }

    /// <summary>
    /// Sends <paramref name="request"/> until it gets a reply other than OUTCOME_UNKNOWN or the attempts run out.
    /// A retransmission is byte-for-byte the same body (same msgId) under a new correlation id, on whichever
    /// connection is open, to whichever gateway is current: failover never changes the msgId.
    /// </summary>
    private async Task<Transmission> TransmitAsync<T>(
        MessageType type, T request, BodyWriter<T> write, CancellationToken cancellationToken)
    {
        Exception? lastFailure = null;
        GatewayEndpoint? endpoint = null;
        var maybeSent = false;
        var attempts = 0;
        for (var attempt = 0; attempt <= options.RetransmissionsMax; attempt++)
        {
            if (attempt > 0 && options.RetransmissionDelayMs > 0)
            {
                await Task.Delay(options.RetransmissionDelayMs * attempt, cancellationToken);
            }
            attempts++;
            EngineConnection connection;
            try
            {
                connection = await connections.GetAsync(cancellationToken);
            }
            catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
            {
                lastFailure = exception; // Not sent: the engine cannot be reached or refused the sign-in's transport.
                continue;
            }
            endpoint = connection.Endpoint;
            try
            {
                var reply = await connection.SendAsync(
                    type, request, write, MessageCodec.ReadTransactionReply, cancellationToken);
                if (reply.Status != SettlementStatus.OutcomeUnknown)
                {
                    answeredBy.AddOrUpdate(reply, endpoint);
                    return new Transmission(reply, attempts, MaybeSent: true, LastFailure: null, endpoint);
                }
                maybeSent = true;
                lastFailure = null;
            }
            catch (ConnectionLostException lost)
            {
                maybeSent |= lost.RequestMayHaveBeenSent;
                lastFailure = lost;
            }
            catch (TimeoutException exception)
            {
                maybeSent = true;
                lastFailure = exception;
            }
        }
        return new Transmission(null, attempts, maybeSent, lastFailure, endpoint);
    }

    private TransactionReply Unknown(UnknownOutcome outcome, GatewayEndpoint? endpoint)
    {
        if (options.ThrowOnUnknownOutcome) throw new UnknownOutcomeException(outcome);
        var reply = outcome.ToReply();
        if (endpoint is not null) answeredBy.AddOrUpdate(reply, endpoint);
        return reply;
    }

    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is IOException or System.Net.Sockets.SocketException
        || (exception is TimeoutException && !cancellationToken.IsCancellationRequested);

    private void CheckInstitution(string? institution)
    {
        if (!string.Equals(institution, options.Institution, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The request is for institution '{institution}', but this client is signed in as " +
                $"'{options.Institution}' (a connection is bound to one institution).");
        }
    }

    /// <summary>How a transmission ended: a reply (not OUTCOME_UNKNOWN), or unknown.</summary>
    /// <param name="MaybeSent">Could any attempt have reached the engine.</param>
    /// <param name="Endpoint">The gateway of the last attempt that got a connection, or null.</param>
    private readonly record struct Transmission(
        TransactionReply? Reply, int Attempts, bool MaybeSent, Exception? LastFailure, GatewayEndpoint? Endpoint);
}
