namespace Engine.Contracts.Wire;

/// <summary>0x0002 Proof (client → server): the client proof of <see cref="Handshake.ComputeProof"/>.</summary>
/// <param name="ClientProof">32 bytes.</param>
public sealed record ProofBody(ReadOnlyMemory<byte> ClientProof);
