namespace Engine.Contracts.Wire;

/// <summary>
/// Every limit of the terminal protocol (docs/protocol.md §4). The codec enforces the frame and body limits; the
/// gateway enforces the connection limits and announces its actual values in Welcome.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>The smallest frame: a header with an empty body and no MAC.</summary>
    public const int FrameBytesMin = FrameHeader.Bytes;

    /// <summary>The largest frame, header and MAC trailer included: 1 MiB.</summary>
    public const int FrameBytesMax = 1_048_576;

    /// <summary>The largest body of a frame with a MAC trailer.</summary>
    public const int BodyBytesMax = FrameBytesMax - FrameHeader.Bytes - FrameMac.TrailerBytes;

    /// <summary>Requests a connection may have sent and not yet had answered.</summary>
    public const int InFlightPerConnectionMax = 256;

    /// <summary>Time from accepting a connection to sending Welcome; a slower sign-in is closed.</summary>
    public const int HandshakeTimeoutMs = 5_000;

    /// <summary>A connection that receives no frame for this long is closed.</summary>
    public const int IdleTimeoutMs = 60_000;

    /// <summary>A client that has sent nothing for this long sends a Heartbeat.</summary>
    public const int HeartbeatIntervalMs = 15_000;

    /// <summary>MessagePack nesting depth of a body; the body's own top-level array is depth 1.</summary>
    public const int BodyDepthMax = 16;

    /// <summary>Elements of any one MessagePack array in a body.</summary>
    public const int CollectionLengthMax = 10_000;

    /// <summary>Fee lines in one 2204 batch.</summary>
    public const int FeeLinesPerBatchMax = 1_000;

    /// <summary>Persons a client should put in one ReferenceUpsert chunk (a recommendation; the hard limits are
    /// <see cref="CollectionLengthMax"/> and <see cref="FrameBytesMax"/>).</summary>
    public const int ReferencePersonsPerChunk = 1_000;

    /// <summary>UTF-8 bytes of any one MessagePack string in a body.</summary>
    public const int StringBytesMax = 256;

    /// <summary>Bytes of any one MessagePack binary in a body (nonces are 16, proofs 32).</summary>
    public const int BinaryBytesMax = 32;
}
