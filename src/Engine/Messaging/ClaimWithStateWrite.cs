using Engine.Lifecycle;

namespace Engine.Messaging;

/// <summary>
/// The registry as a transaction sees it when its claim is committed with the state write: a claim is granted at
/// once and recorded on the state (<see cref="IHasMessageClaim.PendingClaim"/>) for the storage to commit or refuse;
/// the other operations go to the registry itself.
/// </summary>
public sealed class ClaimWithStateWrite(IHasMessageClaim state, IMessageRegistry registry) : IMessageRegistry
{
    /// <inheritdoc />
    public ValueTask<RegistryEntry?> ClaimAsync(MessageKey key, string psnNo, DateTime nowUtc)
    {
        state.PendingClaim = new PendingMessageClaim(key, psnNo, nowUtc);
        return ValueTask.FromResult<RegistryEntry?>(null);
    }

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> TombstoneAsync(MessageKey key, DateTime nowUtc) => registry.TombstoneAsync(key, nowUtc);

    /// <inheritdoc />
    public ValueTask<RegistryEntry?> RecordReversalAsync(MessageKey key, UInt128 fingerprint, DateTime nowUtc) =>
        registry.RecordReversalAsync(key, fingerprint, nowUtc);

    /// <inheritdoc />
    public ValueTask MarkReversedAsync(MessageKey key, DateTime nowUtc) => registry.MarkReversedAsync(key, nowUtc);
}
