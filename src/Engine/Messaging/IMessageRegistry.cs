using Engine.Lifecycle;

namespace Engine.Messaging;

/// <summary>
/// The institution-wide index of msgIds (docs/architecture.md, "Finding the original of a 2601"). A person's
/// own log answers retransmissions; this registry answers what the person cannot know: whether another person
/// holds the msgId, whether a 2601 tombstoned it before it arrived, and — for a 2601, whose terminal may not
/// know the person — which person holds the original. Every operation is atomic per key: a claim and a
/// tombstone of the same msgId can never both win.
/// </summary>
public interface IMessageRegistry
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="psnNo"/>. Returns null when the claim is this
    /// person's (new, or claimed before by the same person); otherwise the entry that holds the key.
    /// </summary>
    ValueTask<RegistryEntry?> ClaimAsync(MessageKey key, string psnNo, DateTime nowUtc);

    /// <summary>
    /// Tombstones <paramref name="key"/> unless someone holds it. Returns null when the key is (now or already) a
    /// tombstone; otherwise the entry that holds it.
    /// </summary>
    ValueTask<RegistryEntry?> TombstoneAsync(MessageKey key, DateTime nowUtc);

    /// <summary>
    /// Records the msgId of a 2601. Returns null when it is new or a retransmission with the same fingerprint
    /// (a reversal is idempotent, so it is simply run again); otherwise the entry that holds the key.
    /// </summary>
    ValueTask<RegistryEntry?> RecordReversalAsync(MessageKey key, UInt128 fingerprint, DateTime nowUtc);

    /// <summary>
    /// Marks a claimed msgId reversed, so that another person's reuse of it gets REVERSED_MSGID; the mark is kept
    /// for the full retention from <paramref name="nowUtc"/>.
    /// </summary>
    ValueTask MarkReversedAsync(MessageKey key, DateTime nowUtc);
}
