namespace Engine.Contracts.Wire;

/// <summary>
/// The reply to Proof (server → client): the server proof and the limits of this session (docs/protocol.md §6).
/// Every later frame, both ways, carries a MAC.
/// </summary>
/// <param name="ServerProof">32 bytes of <see cref="Handshake.ComputeServerProof"/>; the client verifies it.</param>
/// <param name="InFlightMax">Requests the client may have unanswered at once, 1 to
/// <see cref="ProtocolLimits.InFlightPerConnectionMax"/>.</param>
/// <param name="IdleTimeoutMs">The server closes a connection that sends nothing for this long.</param>
/// <param name="HeartbeatIntervalMs">The client sends a Heartbeat when it has sent nothing for this long.</param>
public sealed record WelcomeBody(
    ReadOnlyMemory<byte> ServerProof, int InFlightMax, int IdleTimeoutMs, int HeartbeatIntervalMs);
