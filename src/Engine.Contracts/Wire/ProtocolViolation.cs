using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Engine.Contracts.Wire;

/// <summary>Throws <see cref="ProtocolViolationException"/> off the hot path, and maps reasons to Error
/// codes.</summary>
public static class ProtocolViolation
{
    /// <summary>Throws a violation for <paramref name="reason"/>.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void Throw(ProtocolViolationReason reason) => throw Create(reason, null, null);

    /// <summary>Throws a violation for <paramref name="reason"/> with a detail for the log and the Error
    /// frame.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void Throw(ProtocolViolationReason reason, string detail) => throw Create(reason, detail, null);

    /// <summary>Throws a violation for <paramref name="reason"/>; usable where an expression of type T is
    /// needed.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static T Throw<T>(ProtocolViolationReason reason, string detail) => throw Create(reason, detail, null);

    /// <summary>Builds (without throwing) a violation; <paramref name="innerException"/> is the low-level
    /// cause.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ProtocolViolationException Create(
        ProtocolViolationReason reason, string? detail, Exception? innerException) =>
        new(reason, detail, innerException);

    /// <summary>The Error frame code of <paramref name="reason"/>: its number (docs/protocol.md §9).</summary>
    public static ushort ToCode(ProtocolViolationReason reason) => (ushort)reason;

    /// <summary>The upper-case text of <paramref name="reason"/> as the documentation writes it.</summary>
    public static string ToText(ProtocolViolationReason reason) => reason switch
    {
        ProtocolViolationReason.FrameTooSmall => "FRAME_TOO_SMALL",
        ProtocolViolationReason.FrameTooLarge => "FRAME_TOO_LARGE",
        ProtocolViolationReason.UnsupportedVersion => "UNSUPPORTED_VERSION",
        ProtocolViolationReason.ReservedFlagsSet => "RESERVED_FLAGS_SET",
        ProtocolViolationReason.UnknownMessageType => "UNKNOWN_MESSAGE_TYPE",
        ProtocolViolationReason.MalformedBody => "MALFORMED_BODY",
        ProtocolViolationReason.BodyTooDeep => "BODY_TOO_DEEP",
        ProtocolViolationReason.BodyTooLarge => "BODY_TOO_LARGE",
        ProtocolViolationReason.MacMissing => "MAC_MISSING",
        ProtocolViolationReason.MacInvalid => "MAC_INVALID",
        ProtocolViolationReason.UnexpectedMessage => "UNEXPECTED_MESSAGE",
        ProtocolViolationReason.HandshakeTimeout => "HANDSHAKE_TIMEOUT",
        ProtocolViolationReason.IdleTimeout => "IDLE_TIMEOUT",
        ProtocolViolationReason.TooManyInFlight => "TOO_MANY_IN_FLIGHT",
        ProtocolViolationReason.TruncatedFrame => "TRUNCATED_FRAME",
        ProtocolViolationReason.AuthenticationFailed => "AUTHENTICATION_FAILED",
        ProtocolViolationReason.NotAuthorized => "NOT_AUTHORIZED",
        ProtocolViolationReason.CorrelationIdZero => "CORRELATION_ID_ZERO",
    };

    /// <summary>"TEXT: detail", or the text alone; the message of the exception and of the Error frame.</summary>
    internal static string Describe(ProtocolViolationReason reason, string? detail)
    {
        var text = Enum.IsDefined(reason) ? ToText(reason) : "CODE_" + ((ushort)reason).ToString(null, null);
        return string.IsNullOrEmpty(detail) ? text : text + ": " + detail;
    }
}
