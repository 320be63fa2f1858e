namespace Engine.Messaging;

/// <summary>An entry of the institution-wide msgId registry.</summary>
/// <param name="PsnNo">The owner of a <see cref="RegistryEntryKind.Claimed"/> msgId; null otherwise.</param>
/// <param name="Fingerprint">The content fingerprint of a 2601 (its retransmissions must match).</param>
/// <param name="Reversed">A claimed message whose effects a 2601 reversed.</param>
/// <param name="CreatedAtUtc">The engine clock at creation; entries expire after the message retention.</param>
public sealed record RegistryEntry(
    RegistryEntryKind Kind, string? PsnNo, UInt128 Fingerprint, bool Reversed, DateTime CreatedAtUtc);
