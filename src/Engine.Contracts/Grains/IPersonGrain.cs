using Engine.Contracts.Domain;
using Engine.Lifecycle;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.Contracts.Grains;

/// <summary>
/// One insured person (key: psnNo). Owns the profile, account balance, year buckets, visits with their fee
/// batches, settlements and the idempotency log; applies the person's transactions one at a time, each
/// persisted before its reply (rules.md §9). Not reentrant.
/// </summary>
/// <remarks>
/// Every call but the ping names the oldest reference version it may be answered from (0: any): the version the
/// caller loaded or was told about, so that a call right after a reference load is not answered from a silo cache
/// that has not polled yet. An argument, not Orleans' request context: setting that on every call cost the silo about
/// 1.8 KB of allocations per settle and a non-default execution context on every turn (docs/performance.md).
/// </remarks>
[Alias("Engine.Contracts.Grains.IPersonGrain")]
public interface IPersonGrain : IGrainWithStringKey
{
    /// <summary>2201.</summary>
    [Alias("RegisterAsync")]
    Task<TransactionReply> RegisterAsync(RegisterRequest request, long minimumReferenceVersion);

    /// <summary>2202.</summary>
    [Alias("CancelRegistrationAsync")]
    Task<TransactionReply> CancelRegistrationAsync(CancelRegistrationRequest request, long minimumReferenceVersion);

    /// <summary>2204.</summary>
    [Alias("UploadFeesAsync")]
    Task<TransactionReply> UploadFeesAsync(UploadFeesRequest request, long minimumReferenceVersion);

    /// <summary>2205.</summary>
    [Alias("CancelFeesAsync")]
    Task<TransactionReply> CancelFeesAsync(CancelFeesRequest request, long minimumReferenceVersion);

    /// <summary>2206: reads the current state, changes nothing.</summary>
    [Alias("PreSettleAsync")]
    Task<TransactionReply> PreSettleAsync(PreSettleRequest request, long minimumReferenceVersion);

    /// <summary>2207.</summary>
    [Alias("SettleAsync")]
    Task<TransactionReply> SettleAsync(SettleRequest request, long minimumReferenceVersion);

    /// <summary>2208.</summary>
    [Alias("CancelSettlementAsync")]
    Task<TransactionReply> CancelSettlementAsync(CancelSettlementRequest request, long minimumReferenceVersion);

    /// <summary>1101.</summary>
    [Alias("PersonInfoAsync")]
    Task<TransactionReply> PersonInfoAsync(PersonInfoRequest request, long minimumReferenceVersion);

    /// <summary>
    /// The person's half of a 2601: reverses the message the institution sent as <paramref name="originalMsgId"/>,
    /// which the msgId registry says this person holds. Idempotent.
    /// </summary>
    [Alias("ReverseOriginalAsync")]
    Task<ReversalOutcome> ReverseOriginalAsync(string institution, string originalMsgId, DateTime at, long minimumReferenceVersion);

    /// <summary>Loads the person from reference data (profile always; starting figures only when new).</summary>
    [Alias("LoadAsync")]
    Task LoadAsync(PersonSeed seed, long minimumReferenceVersion);

    /// <summary>A no-op call for the load generator's "ping" baseline: gateway → person grain → reply.</summary>
    [Alias("PingAsync")]
    Task<int> PingAsync(int value);
}
