using Engine.Accounting;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Messaging;
using Engine.Reference;

namespace Engine.InProcess;

/// <summary>
/// The whole engine in one object, with no Orleans, no storage and no sockets: the person ledgers, the msgId
/// registry and the settlement book behind <see cref="ISettlementApi"/>. It is the executable specification
/// the unit tests replay scenarios against, and what the grain-based engine must agree with. Calls are
/// serialised by one lock; the outbox is drained into the book after every transaction.
/// </summary>
public sealed class InProcessSettlementApi : ISettlementApi, IDisposable
{
    private readonly Dictionary<string, PersonState> persons = new(StringComparer.Ordinal);
    private readonly InMemoryMessageRegistry registry;
    private readonly SettlementBook book = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly LedgerOptions options;
    private readonly Func<DateTime> utcNow;
    private ReferenceSnapshot reference = ReferenceSnapshot.Empty;

    /// <summary>An empty engine with the given options and clock (UTC, the engine's own).</summary>
    public InProcessSettlementApi(LedgerOptions? options = null, Func<DateTime>? utcNow = null)
    {
        this.options = options ?? LedgerOptions.Default;
        this.utcNow = utcNow ?? (() => DateTime.UtcNow);
        registry = new InMemoryMessageRegistry(this.options.MessageRetention);
    }

    /// <summary>Upserts reference data; persons the engine knows keep their balance and accumulators.</summary>
    public void LoadReference(ReferenceData data)
    {
        gate.Wait();
        try
        {
            reference = new ReferenceSnapshot(ReferenceMerge.Apply(reference.Data, data), reference.Version + 1);
            foreach (var seed in data.Persons)
            {
                Ledger(seed.Profile.PsnNo).Load(seed);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The clearing statement of a month.</summary>
    public IReadOnlyList<ClearingLine> Clearing(int year, int month) => book.Clearing(year, month);

    /// <summary>A person's state, for tests that check invariants; null when unknown.</summary>
    public PersonState? StateOf(string psnNo) => persons.GetValueOrDefault(psnNo);

    /// <inheritdoc />
    public Task<TransactionReply> PersonInfoAsync(PersonInfoRequest request, CancellationToken cancellationToken = default) =>
        Locked(() => ValueTask.FromResult(persons.ContainsKey(request.PsnNo ?? "")
            ? Ledger(request.PsnNo!).PersonInfo(request.Year)
            : TransactionReply.Rejected(SettlementStatus.UnknownPerson)));

    /// <inheritdoc />
    public Task<TransactionReply> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(request.PsnNo)
            ? Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "psnNo is required."))
            : RunAsync(request.PsnNo, request);

    /// <inheritdoc />
    public Task<TransactionReply> CancelRegistrationAsync(
        CancelRegistrationRequest request, CancellationToken cancellationToken = default) =>
        RunOnVisitAsync(request.VisitId, request, SettlementStatus.UnknownVisit);

    /// <inheritdoc />
    public Task<TransactionReply> UploadFeesAsync(UploadFeesRequest request, CancellationToken cancellationToken = default) =>
        RunOnVisitAsync(request.VisitId, request, SettlementStatus.UnknownVisit);

    /// <inheritdoc />
    public Task<TransactionReply> CancelFeesAsync(CancelFeesRequest request, CancellationToken cancellationToken = default) =>
        RunOnVisitAsync(request.VisitId, request, SettlementStatus.UnknownVisit);

    /// <inheritdoc />
    public Task<TransactionReply> PreSettleAsync(PreSettleRequest request, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(request.VisitId))
        {
            return Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "the visit id is required."));
        }
        var psnNo = EntityIds.PersonOf(request.VisitId);
        return Locked(() => ValueTask.FromResult(psnNo is not null && persons.ContainsKey(psnNo)
            ? Ledger(psnNo).PreSettle(request)
            : TransactionReply.Rejected(SettlementStatus.UnknownVisit)));
    }

    /// <inheritdoc />
    public Task<TransactionReply> SettleAsync(SettleRequest request, CancellationToken cancellationToken = default) =>
        RunOnVisitAsync(request.VisitId, request, SettlementStatus.UnknownVisit);

    /// <inheritdoc />
    public Task<TransactionReply> CancelSettlementAsync(
        CancelSettlementRequest request, CancellationToken cancellationToken = default) =>
        RunOnVisitAsync(request.SettlementId, request, SettlementStatus.UnknownSettlement);

    /// <inheritdoc />
    public Task<TransactionReply> ReverseAsync(ReverseRequest request, CancellationToken cancellationToken = default) =>
        Locked(() => ReversalCoordinator.ReverseAsync(request, registry, (psnNo, original) =>
        {
            var ledger = Ledger(psnNo);
            var outcome = ledger.Reverse(original, request.At, utcNow());
            DrainOutbox(psnNo);
            return ValueTask.FromResult(outcome);
        }, utcNow(), options.IdLengthMax));

    /// <inheritdoc />
    public Task<TransactionReply> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken = default) =>
        Locked(() => ValueTask.FromResult(TransactionReply.Ok with { Reconciliation = book.Reconcile(request) }));

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    private Task<TransactionReply> RunOnVisitAsync(string id, object request, SettlementStatus unknown)
    {
        if (string.IsNullOrEmpty(id))
        {
            return Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "the visit or settlement id is required."));
        }
        var psnNo = EntityIds.PersonOf(id);
        if (psnNo is null) return Task.FromResult(TransactionReply.Rejected(unknown));
        return Locked(() => persons.ContainsKey(psnNo)
            ? RunLockedAsync(psnNo, request)
            : ValueTask.FromResult(TransactionReply.Rejected(unknown)));
    }

    private Task<TransactionReply> RunAsync(string psnNo, object request) =>
        Locked(() => RunLockedAsync(psnNo, request));

    private async ValueTask<TransactionReply> RunLockedAsync(string psnNo, object request)
    {
        var (reply, _) = await PersonTransactions.RunAsync(Ledger(psnNo), registry, request, utcNow());
        DrainOutbox(psnNo);
        return reply;
    }

    private void DrainOutbox(string psnNo)
    {
        var outbox = persons[psnNo].Outbox;
        foreach (var ledgerEvent in outbox)
        {
            book.Apply(ledgerEvent);
        }
        outbox.Clear();
    }

    private PersonLedger Ledger(string psnNo)
    {
        if (!persons.TryGetValue(psnNo, out var personState))
        {
            personState = new PersonState();
            persons.Add(psnNo, personState);
        }
        return new PersonLedger(psnNo, personState, reference, options);
    }

    private async Task<TransactionReply> Locked(Func<ValueTask<TransactionReply>> action)
    {
        await gate.WaitAsync();
        try
        {
            return await action();
        }
        finally
        {
            gate.Release();
        }
    }
}
