namespace Engine.Contracts.Wire;

/// <summary>The reply to Hello (server → client): the server's nonce (docs/protocol.md §6).</summary>
/// <param name="ServerNonce">16 fresh random bytes.</param>
public sealed record ChallengeBody(ReadOnlyMemory<byte> ServerNonce);
