using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Reference;

namespace Engine.Grains;

/// <summary>
/// <see cref="ISettlementApi"/> on top of the grains: routes each transaction to its person (a visit or
/// settlement id names its person, <see cref="EntityIds"/>), 2601 to the reversal worker and 3201 to the
/// ledger. Used by the gateway and by tests through a cluster client. After a reference load, every call
/// names the loaded version so that no silo answers from an older cache (<see cref="IPersonGrain"/>).
/// </summary>
public sealed class GrainSettlementApi(IGrainFactory grains) : ISettlementApi
{
    private const int PersonLoadParallelism = 32;
    private readonly PersonGrainReferences persons = new(grains);
    private long referenceVersion;

    /// <summary>The newest reference version this API loaded or was told about.</summary>
    public long ReferenceVersion
    {
        get => Interlocked.Read(ref referenceVersion);
        set => InterlockedMax(value);
    }

    /// <summary>Upserts reference data into the cluster, then loads its persons.</summary>
    public async Task LoadReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default)
    {
        InterlockedMax(await grains.GetGrain<IReferenceGrain>(0).UpsertAsync(data));
        await Parallel.ForEachAsync(
            data.Persons,
            new ParallelOptions { MaxDegreeOfParallelism = PersonLoadParallelism, CancellationToken = cancellationToken },
            async (seed, _) => await persons.Get(seed.Profile.PsnNo).LoadAsync(seed, ReferenceVersion));
    }

    /// <inheritdoc />
    public Task<TransactionReply> PersonInfoAsync(PersonInfoRequest request, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(request.PsnNo)
            ? Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "psnNo is required."))
            : persons.Get(request.PsnNo).PersonInfoAsync(request, ReferenceVersion);

    /// <inheritdoc />
    public Task<TransactionReply> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(request.PsnNo)
            ? Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "psnNo is required."))
            : persons.Get(request.PsnNo).RegisterAsync(request, ReferenceVersion);

    /// <inheritdoc />
    public Task<TransactionReply> CancelRegistrationAsync(
        CancelRegistrationRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, (p, version) => p.CancelRegistrationAsync(request, version));

    /// <inheritdoc />
    public Task<TransactionReply> UploadFeesAsync(UploadFeesRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, (p, version) => p.UploadFeesAsync(request, version));

    /// <inheritdoc />
    public Task<TransactionReply> CancelFeesAsync(CancelFeesRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, (p, version) => p.CancelFeesAsync(request, version));

    /// <inheritdoc />
    public Task<TransactionReply> PreSettleAsync(PreSettleRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, (p, version) => p.PreSettleAsync(request, version));

    /// <inheritdoc />
    public Task<TransactionReply> SettleAsync(SettleRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, (p, version) => p.SettleAsync(request, version));

    /// <inheritdoc />
    public Task<TransactionReply> CancelSettlementAsync(
        CancelSettlementRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.SettlementId, SettlementStatus.UnknownSettlement, (p, version) => p.CancelSettlementAsync(request, version));

    /// <inheritdoc />
    public Task<TransactionReply> ReverseAsync(ReverseRequest request, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IReversalGrain>(0).ReverseAsync(request, ReferenceVersion);

    /// <inheritdoc />
    public Task<TransactionReply> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken = default) =>
        grains.GetGrain<ILedgerGrain>(0).ReconcileAsync(request);

    /// <summary>A no-op call on a person grain (the load generator's ping baseline).</summary>
    public Task<int> PingAsync(string psnNo, int value) => persons.Get(psnNo).PingAsync(value);

    private Task<TransactionReply> OnPersonOf(
        string id, SettlementStatus unknown, Func<IPersonGrain, long, Task<TransactionReply>> call)
    {
        if (string.IsNullOrEmpty(id))
        {
            // A missing member, not a label that names nothing (scenario-format.md: INVALID_REQUEST).
            return Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "the visit or settlement id is required."));
        }
        var psnNo = EntityIds.PersonOf(id);
        return psnNo is null ? Task.FromResult(TransactionReply.Rejected(unknown)) : call(persons.Get(psnNo), ReferenceVersion);
    }

    private void InterlockedMax(long value)
    {
        var seen = Interlocked.Read(ref referenceVersion);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref referenceVersion, value, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }
}
