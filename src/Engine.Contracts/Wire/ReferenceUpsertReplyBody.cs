namespace Engine.Contracts.Wire;

/// <summary>The reply to 0x9101 ReferenceUpsert: the reference-data version after the chunk was applied.</summary>
public sealed record ReferenceUpsertReplyBody(ulong Version);
