namespace Engine.Lifecycle;

/// <summary>
/// One entry of a person's idempotency log: what the message was (its fingerprint), what was replied (in its stored
/// form, <see cref="StoredReply"/>), and when the engine received it (its own clock: retention never uses business
/// times).
/// </summary>
/// <param name="Fingerprint">128-bit hash of the request content; zero for a tombstone of an unseen message.</param>
/// <param name="SettlementId">For 2207 and 2208: the settlement the message created or cancelled.</param>
[GenerateSerializer, SuppressReferenceTracking, Alias("Engine.Lifecycle.MessageRecord")]
public sealed record MessageRecord(
    [property: Id(0)] Operation Operation,
    [property: Id(1)] UInt128 Fingerprint,
    [property: Id(2)] StoredReply Reply,
    [property: Id(3)] DateTime ReceivedAtUtc,
    [property: Id(4)] MessageOutcome Outcome,
    [property: Id(5)] string? SettlementId);
