namespace Engine.Contracts.Wire;

/// <summary>
/// The flags byte of a frame header (docs/protocol.md §2.2). Bits 2–7 are reserved and must be zero; a frame with
/// a reserved bit set is rejected with <see cref="ProtocolViolationReason.ReservedFlagsSet"/>.
/// </summary>
[Flags]
public enum FrameFlags : byte
{
    /// <summary>No flag: a client-to-server frame before sign-in.</summary>
    None = 0,

    /// <summary>Bit 0: set on every server-to-client frame (replies and Error frames), clear on client
    /// frames.</summary>
    Reply = 1 << 0,

    /// <summary>Bit 1: a 16-byte MAC trailer follows the body. Set on every frame after Welcome, both ways.</summary>
    Mac = 1 << 1,

    // Bits 2–7 are reserved. Update FrameHeader.FlagsDefined when a flag is appended.
}
