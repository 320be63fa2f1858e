namespace Engine.Messaging;

/// <summary>One claim's answer from a batched claim statement.</summary>
/// <param name="IsNew">This claim's insert won: the msgId is now the claimant's.</param>
/// <param name="Holder">The entry holding the key (the new one when <paramref name="IsNew"/>).</param>
/// <param name="IsInvisible">The holder committed after the statement's snapshot: ask again.</param>
internal sealed record ClaimOutcome(bool IsNew, RegistryEntry? Holder, bool IsInvisible);
