namespace Engine.Contracts.Wire;

/// <summary>
/// Why a connection is closed (docs/protocol.md §9). The number is the code of the Error frame the server sends
/// before closing. Numbered, append-only: never renumber a member. 0 is never sent.
/// </summary>
public enum ProtocolViolationReason : ushort
{
    /// <summary>1 FRAME_TOO_SMALL: frame_bytes below 16, or below 32 on a frame with the MAC flag.</summary>
    FrameTooSmall = 1,

    /// <summary>2 FRAME_TOO_LARGE: frame_bytes above <see cref="ProtocolLimits.FrameBytesMax"/>.</summary>
    FrameTooLarge = 2,

    /// <summary>3 UNSUPPORTED_VERSION: the version byte is not 1.</summary>
    UnsupportedVersion = 3,

    /// <summary>4 RESERVED_FLAGS_SET: a reserved flag bit (2–7) is set.</summary>
    ReservedFlagsSet = 4,

    /// <summary>5 UNKNOWN_MESSAGE_TYPE: the message type is not one of docs/protocol.md §5.</summary>
    UnknownMessageType = 5,

    /// <summary>6 MALFORMED_BODY: the body is not the documented MessagePack array (wrong type, missing or extra
    /// position, out-of-range value, invalid UTF-8, trailing bytes).</summary>
    MalformedBody = 6,

    /// <summary>7 BODY_TOO_DEEP: MessagePack nesting deeper than <see cref="ProtocolLimits.BodyDepthMax"/>.</summary>
    BodyTooDeep = 7,

    /// <summary>8 BODY_TOO_LARGE: an array, string or binary longer than its limit.</summary>
    BodyTooLarge = 8,

    /// <summary>9 MAC_MISSING: a frame after Welcome without the MAC flag.</summary>
    MacMissing = 9,

    /// <summary>10 MAC_INVALID: the MAC trailer does not verify, or a MAC arrived before Welcome.</summary>
    MacInvalid = 10,

    /// <summary>11 UNEXPECTED_MESSAGE: a valid frame at the wrong time (business before sign-in, a second Hello,
    /// a reply flag on a client frame, a correlation id already in flight).</summary>
    UnexpectedMessage = 11,

    /// <summary>12 HANDSHAKE_TIMEOUT: no Welcome within <see cref="ProtocolLimits.HandshakeTimeoutMs"/>.</summary>
    HandshakeTimeout = 12,

    /// <summary>13 IDLE_TIMEOUT: no frame received within the idle timeout.</summary>
    IdleTimeout = 13,

    /// <summary>14 TOO_MANY_IN_FLIGHT: reserved. The gateway does not send it: at the in-flight limit it stops reading.</summary>
    TooManyInFlight = 14,

    /// <summary>15 TRUNCATED_FRAME: the connection ended in the middle of a frame.</summary>
    TruncatedFrame = 15,

    /// <summary>16 AUTHENTICATION_FAILED: the proof (or, at the client, the server proof) does not verify, or
    /// the institution or terminal is unknown.</summary>
    AuthenticationFailed = 16,

    /// <summary>17 NOT_AUTHORIZED: an admin message on a terminal session.</summary>
    NotAuthorized = 17,

    /// <summary>18 CORRELATION_ID_ZERO: correlation id 0 on a frame other than a server Error frame.</summary>
    CorrelationIdZero = 18,

    // Last value: CorrelationIdZero = 18. Update this line and ProtocolViolation.ToCode when appending.
}
