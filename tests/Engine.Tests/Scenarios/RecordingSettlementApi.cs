using Engine.Contracts;
using Engine.Contracts.Messages;

namespace Engine.Tests.Scenarios;

/// <summary>
/// A fake <see cref="ISettlementApi"/> for the replayer's tests only: it records every request and answers with
/// the reply <see cref="Answer"/> gives, so the tests see exactly what the replayer sends and builds.
/// </summary>
internal sealed class RecordingSettlementApi : ISettlementApi
{
    public List<object> Requests { get; } = [];

    /// <summary>Chooses the reply to a request; by default a plain success.</summary>
    public Func<object, TransactionReply> Answer { get; set; } = _ => TransactionReply.Ok;

    public Task<TransactionReply> PersonInfoAsync(PersonInfoRequest request, CancellationToken cancellationToken) =>
        Reply(request);

    public Task<TransactionReply> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken) =>
        Reply(request);

    public Task<TransactionReply> CancelRegistrationAsync(
        CancelRegistrationRequest request, CancellationToken cancellationToken) => Reply(request);

    public Task<TransactionReply> UploadFeesAsync(UploadFeesRequest request, CancellationToken cancellationToken) =>
        Reply(request);

    public Task<TransactionReply> CancelFeesAsync(CancelFeesRequest request, CancellationToken cancellationToken) =>
        Reply(request);

    public Task<TransactionReply> PreSettleAsync(PreSettleRequest request, CancellationToken cancellationToken) =>
        Reply(request);

    public Task<TransactionReply> SettleAsync(SettleRequest request, CancellationToken cancellationToken) =>
        Reply(request);

    public Task<TransactionReply> CancelSettlementAsync(
        CancelSettlementRequest request, CancellationToken cancellationToken) => Reply(request);

    public Task<TransactionReply> ReverseAsync(ReverseRequest request, CancellationToken cancellationToken) =>
        Reply(request);

    public Task<TransactionReply> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken) =>
        Reply(request);

    private Task<TransactionReply> Reply(object request)
    {
        Requests.Add(request);
        return Task.FromResult(Answer(request));
    }
}
