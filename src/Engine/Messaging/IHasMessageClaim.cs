namespace Engine.Messaging;

/// <summary>
/// A grain state that can carry the msgId claim of the transaction it records. On PostgreSQL the person grain does
/// not claim a new msgId in a commit of its own before it decides (<see cref="IMessageRegistry.ClaimAsync"/>): it
/// decides as if the claim were granted, and the storage (<c>PostgresGrainStorage</c>) inserts the claim in the
/// state write's transaction, writing the state only if the claim is the person's. A state-changing request then
/// waits for one commit instead of two. When the claim is someone else's, nothing is written and the storage says so
/// in <see cref="ClaimRefused"/>; the grain reloads and runs the transaction again the separate way. (A flag, not an
/// exception through Orleans' storage bridge: the bridge logs every exception of a storage as an error, and a msgId
/// another person holds is a business rejection, DUPLICATE_MSGID.)
/// Storages that cannot do this (in memory) are never given a pending claim (<see cref="MessageClaimOptions"/>).
/// </summary>
public interface IHasMessageClaim
{
    /// <summary>
    /// The claim to commit with the next write of this state, or null. Set by the transaction, on the grain's turn;
    /// cleared by the grain once the write succeeded. Never persisted.
    /// </summary>
    PendingMessageClaim? PendingClaim { get; set; }

    /// <summary>
    /// Set by the storage when it wrote nothing because <see cref="PendingClaim"/> is not the person's (the write
    /// returns normally, the ETag unchanged); taken (and reset) by the grain after the write. Never persisted.
    /// </summary>
    bool ClaimRefused { get; set; }
}
