using Engine.Contracts.Messages;

namespace Engine.Contracts;

/// <summary>
/// The terminal transactions of scenario-format.md §3, one method each. Implemented over TCP by the client
/// library, by the silo's gateway on top of the grains, and in-process by the pure engine the unit tests use,
/// so that one replay drives any of them. Business rejections are replies, never exceptions; an exception
/// means the outcome is unknown (transport failure, time-out).
/// </summary>
public interface ISettlementApi
{
    /// <summary>1101.</summary>
    Task<TransactionReply> PersonInfoAsync(PersonInfoRequest request, CancellationToken cancellationToken = default);

    /// <summary>2201.</summary>
    Task<TransactionReply> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken = default);

    /// <summary>2202.</summary>
    Task<TransactionReply> CancelRegistrationAsync(
        CancelRegistrationRequest request, CancellationToken cancellationToken = default);

    /// <summary>2204.</summary>
    Task<TransactionReply> UploadFeesAsync(UploadFeesRequest request, CancellationToken cancellationToken = default);

    /// <summary>2205.</summary>
    Task<TransactionReply> CancelFeesAsync(CancelFeesRequest request, CancellationToken cancellationToken = default);

    /// <summary>2206.</summary>
    Task<TransactionReply> PreSettleAsync(PreSettleRequest request, CancellationToken cancellationToken = default);

    /// <summary>2207.</summary>
    Task<TransactionReply> SettleAsync(SettleRequest request, CancellationToken cancellationToken = default);

    /// <summary>2208.</summary>
    Task<TransactionReply> CancelSettlementAsync(
        CancelSettlementRequest request, CancellationToken cancellationToken = default);

    /// <summary>2601.</summary>
    Task<TransactionReply> ReverseAsync(ReverseRequest request, CancellationToken cancellationToken = default);

    /// <summary>3201.</summary>
    Task<TransactionReply> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken = default);
}
