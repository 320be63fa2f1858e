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
/// carries the loaded version so that no silo answers from an older cache.
/// </summary>
public sealed class GrainSettlementApi(IGrainFactory grains) : ISettlementApi
{
    private const int PersonLoadParallelism = 32;
    private long referenceVersion;

    // GetGrain<IPersonGrain>(key) resolves the interface's grain type from its attributes on every call (about 4 %
    // of the settle path's CPU in the profile of docs/performance.md): resolved once here instead.
    private readonly Lazy<(GrainType Grain, GrainInterfaceType Interface)> personTypes = new(() =>
    {
        var sample = (GrainReference)grains.GetGrain<IPersonGrain>("0");
        return (sample.GrainId.Type, sample.InterfaceType);
    });

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
            async (seed, _) =>
            {
                StampVersion();
                await grains.GetGrain<IPersonGrain>(seed.Profile.PsnNo).LoadAsync(seed);
            });
    }

    /// <inheritdoc />
    public Task<TransactionReply> PersonInfoAsync(PersonInfoRequest request, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(request.PsnNo)
            ? Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "psnNo is required."))
            : Person(request.PsnNo).PersonInfoAsync(request);

    /// <inheritdoc />
    public Task<TransactionReply> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(request.PsnNo)
            ? Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "psnNo is required."))
            : Person(request.PsnNo).RegisterAsync(request);

    /// <inheritdoc />
    public Task<TransactionReply> CancelRegistrationAsync(
        CancelRegistrationRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, p => p.CancelRegistrationAsync(request));

    /// <inheritdoc />
    public Task<TransactionReply> UploadFeesAsync(UploadFeesRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, p => p.UploadFeesAsync(request));

    /// <inheritdoc />
    public Task<TransactionReply> CancelFeesAsync(CancelFeesRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, p => p.CancelFeesAsync(request));

    /// <inheritdoc />
    public Task<TransactionReply> PreSettleAsync(PreSettleRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, p => p.PreSettleAsync(request));

    /// <inheritdoc />
    public Task<TransactionReply> SettleAsync(SettleRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.VisitId, SettlementStatus.UnknownVisit, p => p.SettleAsync(request));

    /// <inheritdoc />
    public Task<TransactionReply> CancelSettlementAsync(
        CancelSettlementRequest request, CancellationToken cancellationToken = default) =>
        OnPersonOf(request.SettlementId, SettlementStatus.UnknownSettlement, p => p.CancelSettlementAsync(request));

    /// <inheritdoc />
    public Task<TransactionReply> ReverseAsync(ReverseRequest request, CancellationToken cancellationToken = default)
    {
        StampVersion();
        return grains.GetGrain<IReversalGrain>(0).ReverseAsync(request);
    }

    /// <inheritdoc />
    public Task<TransactionReply> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken = default) =>
        grains.GetGrain<ILedgerGrain>(0).ReconcileAsync(request);

    /// <summary>A no-op call on a person grain (the load generator's ping baseline).</summary>
    public Task<int> PingAsync(string psnNo, int value) => grains.GetGrain<IPersonGrain>(psnNo).PingAsync(value);

    private Task<TransactionReply> OnPersonOf(
        string id, SettlementStatus unknown, Func<IPersonGrain, Task<TransactionReply>> call)
    {
        if (string.IsNullOrEmpty(id))
        {
            // A missing member, not a label that names nothing (scenario-format.md: INVALID_REQUEST).
            return Task.FromResult(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "the visit or settlement id is required."));
        }
        var psnNo = EntityIds.PersonOf(id);
        return psnNo is null ? Task.FromResult(TransactionReply.Rejected(unknown)) : call(Person(psnNo));
    }

    private IPersonGrain Person(string psnNo)
    {
        StampVersion();
        var (grainType, interfaceType) = personTypes.Value;
        return (IPersonGrain)grains.GetGrain(GrainId.Create(grainType, psnNo), interfaceType);
    }

    private void StampVersion()
    {
        var version = ReferenceVersion;
        if (version > 0) RequestContext.Set(ReferenceCache.MinimumVersionKey, version);
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
