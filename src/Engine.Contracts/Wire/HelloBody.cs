namespace Engine.Contracts.Wire;

/// <summary>0x0001 Hello (client → server), the first frame of a connection (docs/protocol.md §6).</summary>
/// <param name="Institution">The institution code (or <see cref="Handshake.AdminInstitution"/>); 1 to 256 UTF-8
/// bytes, no U+0000.</param>
/// <param name="TerminalId">The terminal's own id within the institution; 1 to 256 UTF-8 bytes, no U+0000.</param>
/// <param name="ClientNonce">16 fresh random bytes.</param>
public sealed record HelloBody(string Institution, string TerminalId, ReadOnlyMemory<byte> ClientNonce);
