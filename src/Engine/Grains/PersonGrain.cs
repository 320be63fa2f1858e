using Engine.Accounting;
using Engine.Contracts.Domain;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Messaging;
using Engine.Observability;
using Engine.Reference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Engine.Grains;

/// <summary>
/// One insured person: loads, decides (<see cref="PersonLedger"/>), persists, replies. A settlement touches this
/// grain, the msgId registry and the ledger store, never another grain: rules come from the silo's reference
/// cache. The state, outbox included, is written before the reply. The outbox then goes to the ledger store and is
/// trimmed (the trim is persisted with the next write), so a crash in between only redelivers; on PostgreSQL the
/// state write has already committed the outbox to the ledger in its own transaction
/// (<see cref="IHasLedgerOutbox"/>), and it is only trimmed.
/// </summary>
public sealed partial class PersonGrain(
    [FromKeyedServices(StorageNames.Persons)] IGrainStorage personStorage,
    ReferenceCache references,
    IMessageRegistry registry,
    ILedgerStore ledger,
    LedgerOptions options,
    IOptions<MessageClaimOptions> claims,
    TimeProvider clock,
    ILogger<PersonGrain> logger) : Grain, IPersonGrain
{
    /// <summary>The name the person's state is stored under (the row's state name in PostgreSQL).</summary>
    public const string StateName = "person";

    private static readonly TimeSpan OutboxRetryInterval = TimeSpan.FromSeconds(5);
    private IGrainTimer? outboxRetry;
    private bool outboxTrimmedSinceWrite;

    private string? psnNo;

    // Created, and the state read, first thing in OnActivateAsync: the grain's id is not known to field initializers.
    private DirectPersistentState<PersonState> person = null!;

    // Decoded once per activation: GetPrimaryKeyString builds a new string from the grain id on every call, and what
    // a request is given is kept (its msgId's registry entry, the ledger rows), so a copy per request stayed alive —
    // about five per person after a few visits (a heap dump, docs/performance.md).
    private string PsnNo => psnNo ??= this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        person = new DirectPersistentState<PersonState>(personStorage, StateName, this.GetGrainId());
        await person.ReadStateAsync();
        if (person.State.Outbox.Count > 0) ScheduleOutboxRetry(); // Left by a crash: deliver again.
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Persisting the outbox trim only saves a harmless redelivery later, so it is skipped when the silo is
        // shutting down (storage may already be gone) and its failure is not an error.
        if (!outboxTrimmedSinceWrite || !person.RecordExists) return;
        if (reason.ReasonCode is DeactivationReasonCode.ApplicationError or DeactivationReasonCode.ShuttingDown) return;
        try
        {
            await person.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogTrimNotPersisted(logger, exception, PsnNo);
        }
    }

    /// <inheritdoc />
    public Task<TransactionReply> RegisterAsync(RegisterRequest request, long minimumReferenceVersion) =>
        RunAsync(request, minimumReferenceVersion);

    /// <inheritdoc />
    public Task<TransactionReply> CancelRegistrationAsync(CancelRegistrationRequest request, long minimumReferenceVersion) =>
        RunAsync(request, minimumReferenceVersion);

    /// <inheritdoc />
    public Task<TransactionReply> UploadFeesAsync(UploadFeesRequest request, long minimumReferenceVersion) =>
        RunAsync(request, minimumReferenceVersion);

    /// <inheritdoc />
    public Task<TransactionReply> CancelFeesAsync(CancelFeesRequest request, long minimumReferenceVersion) =>
        RunAsync(request, minimumReferenceVersion);

    /// <inheritdoc />
    public Task<TransactionReply> SettleAsync(SettleRequest request, long minimumReferenceVersion) =>
        RunAsync(request, minimumReferenceVersion);

    /// <inheritdoc />
    public Task<TransactionReply> CancelSettlementAsync(CancelSettlementRequest request, long minimumReferenceVersion) =>
        RunAsync(request, minimumReferenceVersion);

    /// <inheritdoc />
    public async Task<TransactionReply> PreSettleAsync(PreSettleRequest request, long minimumReferenceVersion)
    {
        var snapshot = await references.EnsureCurrentAsync(minimumReferenceVersion);
        return new PersonLedger(PsnNo, person.State, snapshot, options).PreSettle(request);
    }

    /// <inheritdoc />
    public async Task<TransactionReply> PersonInfoAsync(PersonInfoRequest request, long minimumReferenceVersion)
    {
        var snapshot = await references.EnsureCurrentAsync(minimumReferenceVersion);
        return new PersonLedger(PsnNo, person.State, snapshot, options).PersonInfo(request.Year);
    }

    /// <inheritdoc />
    public async Task<ReversalOutcome> ReverseOriginalAsync(string institution, string originalMsgId, DateTime at,
        long minimumReferenceVersion)
    {
        var snapshot = await references.EnsureCurrentAsync(minimumReferenceVersion);
        var ledgerOfPerson = new PersonLedger(PsnNo, person.State, snapshot, options);
        ReversalOutcome outcome;
        try
        {
            outcome = ledgerOfPerson.Reverse(new MessageKey(institution, originalMsgId), at, Now());
            if (outcome is ReversalOutcome.Reversed or ReversalOutcome.Tombstoned) await PersistAsync();
        }
        catch
        {
            DeactivateOnIdle(); // Memory may disagree with storage: reload on the next call.
            throw;
        }
        await RelayOutboxAsync();
        return outcome;
    }

    /// <inheritdoc />
    public async Task LoadAsync(PersonSeed seed, long minimumReferenceVersion)
    {
        var snapshot = await references.EnsureCurrentAsync(minimumReferenceVersion);
        new PersonLedger(PsnNo, person.State, snapshot, options).Load(seed);
        await PersistAsync();
    }

    /// <inheritdoc />
    public Task<int> PingAsync(int value) => Task.FromResult(value);

    private async Task<TransactionReply> RunAsync(object request, long minimumReferenceVersion)
    {
        var snapshot = await references.EnsureCurrentAsync(minimumReferenceVersion);
        var ledgerOfPerson = new PersonLedger(PsnNo, person.State, snapshot, options);
        TransactionReply reply;
        try
        {
            // On PostgreSQL a new msgId is claimed in the state write's own transaction (IHasMessageClaim). Not for a
            // person the engine does not know: nothing of theirs is written, so their claim is committed on its own.
            if (claims.Value.CommitWithStateWrite && ledgerOfPerson.IsKnown)
            {
                try
                {
                    return await RunOnceAsync(ledgerOfPerson, new ClaimWithStateWrite(person.State, registry), request);
                }
                catch (MessageClaimRefusedException)
                {
                    // Nothing was written: the state in memory is ahead of storage. Reload it and run the transaction
                    // again with the claim first, which says who holds the msgId (rules: duplicate, reversed,
                    // tombstoned).
                    await person.ReadStateAsync();
                    ledgerOfPerson = new PersonLedger(PsnNo, person.State, snapshot, options);
                }
            }
            reply = await RunOnceAsync(ledgerOfPerson, registry, request);
        }
        catch (Exception exception)
        {
            using (TransactionLogScope.Begin(logger, LogLevel.Error, "", request))
            {
                LogTransactionFailed(logger, exception, PsnNo, request.GetType().Name);
            }
            ((IHasMessageClaim)person.State).PendingClaim = null; // Never committed with a later write.
            DeactivateOnIdle(); // Memory may disagree with storage: reload on the next call.
            throw;
        }
        return reply;
    }

    private async Task<TransactionReply> RunOnceAsync(PersonLedger ledgerOfPerson, IMessageRegistry claimsVia, object request)
    {
        var (reply, stateChanged) = await PersonTransactions.RunAsync(ledgerOfPerson, claimsVia, request, Now());
        // A person the engine does not know only collects rejections: keep them in memory, not in storage.
        if (stateChanged && ledgerOfPerson.IsKnown) await PersistAsync();
        await RelayOutboxAsync();
        return reply;
    }

    private async Task PersistAsync()
    {
        var started = EngineMetrics.Timestamp();
        var written = false;
        try
        {
            await person.WriteStateAsync();
            written = true;
        }
        finally
        {
            EngineMetrics.StorageCompleted(StorageKind.StateWrite, written, started);
        }
        IHasMessageClaim claimant = person.State;
        if (claimant.ClaimRefused)
        {
            // The storage wrote nothing: the msgId is not this person's (RunAsync reloads and claims on its own).
            claimant.ClaimRefused = false;
            throw new MessageClaimRefusedException(claimant.PendingClaim!);
        }
        claimant.PendingClaim = null; // Committed with the state.
        outboxTrimmedSinceWrite = false;
        // Events the storage committed to the ledger with the state need no relay, only the trim.
        IHasLedgerOutbox state = person.State;
        var committed = state.CommittedWithState;
        state.CommittedWithState = 0;
        TrimOutbox(committed);
    }

    /// <summary>
    /// Appends the outbox to the ledger store. The settlement is already committed, so a failure here does not
    /// change the reply: the events stay in the outbox and a timer retries until the store has them.
    /// </summary>
    private async Task RelayOutboxAsync()
    {
        var outbox = person.State.Outbox;
        if (outbox.Count == 0) return;
        var batch = outbox.ToArray();
        var started = EngineMetrics.Timestamp();
        try
        {
            await ledger.AppendAsync(batch);
            EngineMetrics.StorageCompleted(StorageKind.LedgerAppend, ok: true, started);
        }
        catch (Exception exception)
        {
            EngineMetrics.StorageCompleted(StorageKind.LedgerAppend, ok: false, started);
            // The outbox may hold events of several transactions: the scope names the oldest undelivered one.
            using (TransactionLogScope.Begin(logger, LogLevel.Warning, batch[0]))
            {
                LogRelayFailed(logger, exception, PsnNo, batch.Length);
            }
            ScheduleOutboxRetry();
            return;
        }
        TrimOutbox(batch.Length);
    }

    /// <summary>
    /// Removes the oldest <paramref name="count"/> events, which the ledger has. Only in memory: the stored outbox
    /// still holds them until the next write, so a crash before it redelivers them, harmlessly.
    /// </summary>
    private void TrimOutbox(int count)
    {
        if (count == 0) return;
        var outbox = person.State.Outbox;
        outbox.RemoveRange(0, count);
        outboxTrimmedSinceWrite = true;
        if (outbox.Count == 0)
        {
            outboxRetry?.Dispose();
            outboxRetry = null;
        }
    }

    private void ScheduleOutboxRetry() =>
        outboxRetry ??= this.RegisterGrainTimer(RelayOutboxAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = OutboxRetryInterval,
            Interleave = false,
            KeepAlive = true,
        });

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error,
        Message = "Transaction {Operation} of person {PsnNo} failed; the activation will reload its state.")]
    private static partial void LogTransactionFailed(ILogger logger, Exception exception, string psnNo, string operation);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug,
        Message = "Outbox trim of person {PsnNo} not persisted at deactivation; its events may be redelivered.")]
    private static partial void LogTrimNotPersisted(ILogger logger, Exception exception, string psnNo);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Ledger relay of {Count} events of person {PsnNo} failed; will retry.")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, string psnNo, int count);
}
