using Engine.Lifecycle;

namespace Engine.Messaging;

/// <summary>
/// The msgId claim of the transaction a person's state is about to record, waiting to be committed in the same
/// transaction as the state write (<see cref="IHasMessageClaim"/>): the claim <see cref="IMessageRegistry.ClaimAsync"/>
/// would have made on its own.
/// </summary>
/// <param name="Key">The institution's msgId.</param>
/// <param name="PsnNo">The person claiming it.</param>
/// <param name="AtUtc">When (engine clock): the registry entry's creation time, from which its retention runs.</param>
public sealed record PendingMessageClaim(MessageKey Key, string PsnNo, DateTime AtUtc);
