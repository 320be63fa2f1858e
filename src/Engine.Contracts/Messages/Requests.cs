using System.Collections.Immutable;
using Engine.Contracts.Domain;

namespace Engine.Contracts.Messages;

/// <summary>
/// A state-changing terminal transaction. Its idempotency key is (<see cref="Institution"/>, <see cref="MsgId"/>);
/// the same key with the same content returns the stored reply (rules.md §7).
/// </summary>
public interface IStateChangingRequest
{
    /// <summary>The sender's message id, unique per institution, 1 to 30 characters.</summary>
    string MsgId { get; }

    /// <summary>The institution the request is made for: the signed-in one, or the visit's.</summary>
    string Institution { get; }

    /// <summary>The transaction's own business time (China Standard Time, no zone).</summary>
    DateTime At { get; }
}

/// <summary>2201 register an outpatient visit.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.RegisterRequest")]
public sealed record RegisterRequest(
    string MsgId, string Institution, string PsnNo, MedType MedType, string? Disease, bool Emergency, DateTime At)
    : IStateChangingRequest;

/// <summary>2202 cancel a registration.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.CancelRegistrationRequest")]
public sealed record CancelRegistrationRequest(string MsgId, string Institution, string VisitId, DateTime At)
    : IStateChangingRequest;

/// <summary>2204 upload one batch of fee lines.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.UploadFeesRequest")]
public sealed record UploadFeesRequest(
    string MsgId, string Institution, string VisitId, string BatchNo, DateTime At, ImmutableArray<FeeLine> Lines)
    : IStateChangingRequest;

/// <summary>2205 remove one unsettled batch, or all with <c>"0000"</c>.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.CancelFeesRequest")]
public sealed record CancelFeesRequest(string MsgId, string Institution, string VisitId, string BatchNo, DateTime At)
    : IStateChangingRequest
{
    /// <summary>The reserved batch number meaning "every unsettled batch".</summary>
    public const string AllBatches = "0000";
}

/// <summary>2206 pre-settle: compute against the current state, change nothing.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.PreSettleRequest")]
public sealed record PreSettleRequest(string Institution, string VisitId, bool UseAccount, DateTime At);

/// <summary>2207 settle: recompute and commit.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.SettleRequest")]
public sealed record SettleRequest(string MsgId, string Institution, string VisitId, bool UseAccount, DateTime At)
    : IStateChangingRequest;

/// <summary>2208 cancel a settlement.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.CancelSettlementRequest")]
public sealed record CancelSettlementRequest(string MsgId, string Institution, string SettlementId, DateTime At)
    : IStateChangingRequest;

/// <summary>2601 reverse (冲正) the transaction the institution sent as <paramref name="OriginalMsgId"/>.</summary>
/// <param name="OriginalOp">Informational: "settle" or "cancelSettlement".</param>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.ReverseRequest")]
public sealed record ReverseRequest(string MsgId, string Institution, string OriginalMsgId, string OriginalOp, DateTime At)
    : IStateChangingRequest;

/// <summary>1101 a person's account balance and the year's accumulators.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.PersonInfoRequest")]
public sealed record PersonInfoRequest(string Institution, string PsnNo, int Year);

/// <summary>3201 reconcile an institution's day: the institution's own four figures.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.ReconcileRequest")]
public sealed record ReconcileRequest(
    string Institution, DateOnly Date, int Count, Money MedfeeSum, Money FundPaySum, Money AcctPaySum);
