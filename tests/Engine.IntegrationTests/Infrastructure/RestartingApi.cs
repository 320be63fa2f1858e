using System.Text.Json;
using Engine.Contracts;
using Engine.Contracts.Messages;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>
/// An <see cref="ISettlementApi"/> that forwards to one cluster and, before the call numbered
/// <paramref name="restartBeforeCall"/>, stops that whole cluster and starts a new one on the same database.
/// Right after the restart it retransmits every state-changing request sent so far and checks that each gets
/// exactly the reply it got before the restart (the stored reply, nothing executed twice).
/// </summary>
public sealed class RestartingApi(EngineTestCluster first, int restartBeforeCall, Func<Task<EngineTestCluster>> restart)
    : ISettlementApi, IAsyncDisposable
{
    private readonly List<(IStateChangingRequest Request, Func<ISettlementApi, Task<TransactionReply>> Send,
        TransactionReply Reply)> sent = [];
    private EngineTestCluster current = first;
    private int callCount;

    /// <summary>How many requests were retransmitted after the restart.</summary>
    public int Retransmitted { get; private set; }

    /// <inheritdoc />
    public Task<TransactionReply> PersonInfoAsync(PersonInfoRequest request, CancellationToken cancellationToken = default) =>
        ReadAsync(api => api.PersonInfoAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request, api => api.RegisterAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> CancelRegistrationAsync(
        CancelRegistrationRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request, api => api.CancelRegistrationAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> UploadFeesAsync(UploadFeesRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request, api => api.UploadFeesAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> CancelFeesAsync(CancelFeesRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request, api => api.CancelFeesAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> PreSettleAsync(PreSettleRequest request, CancellationToken cancellationToken = default) =>
        ReadAsync(api => api.PreSettleAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> SettleAsync(SettleRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request, api => api.SettleAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> CancelSettlementAsync(
        CancelSettlementRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request, api => api.CancelSettlementAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> ReverseAsync(ReverseRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request, api => api.ReverseAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<TransactionReply> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken = default) =>
        ReadAsync(api => api.ReconcileAsync(request, cancellationToken));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => current.DisposeAsync();

    private async Task<TransactionReply> ReadAsync(Func<ISettlementApi, Task<TransactionReply>> send)
    {
        await RestartIfDueAsync();
        return await send(current.Api);
    }

    private async Task<TransactionReply> WriteAsync(
        IStateChangingRequest request, Func<ISettlementApi, Task<TransactionReply>> send)
    {
        await RestartIfDueAsync();
        var reply = await send(current.Api);
        sent.Add((request, send, reply));
        return reply;
    }

    private static string Text(TransactionReply reply) =>
        JsonSerializer.Serialize(reply with { Lines = reply.Lines.IsDefault ? [] : reply.Lines });

    private async Task RestartIfDueAsync()
    {
        if (callCount++ != restartBeforeCall) return;
        await current.DisposeAsync();
        current = await restart();
        // A msgId that a later 2601 reversed answers REVERSED_MSGID from then on (rules.md §7); any other gets
        // the reply it got the first time.
        var reversed = sent.Where(s => s.Reply.IsOk && s.Request is ReverseRequest)
            .Select(s => (s.Request.Institution, ((ReverseRequest)s.Request).OriginalMsgId))
            .ToHashSet();
        foreach (var (request, send, reply) in sent)
        {
            var again = await send(current.Api);
            var expected = reversed.Contains((request.Institution, request.MsgId))
                ? TransactionReply.Rejected(Engine.Contracts.Domain.SettlementStatus.ReversedMsgId)
                : reply;
            Assert.Equal(Text(expected), Text(again));
            Retransmitted++;
        }
    }
}
