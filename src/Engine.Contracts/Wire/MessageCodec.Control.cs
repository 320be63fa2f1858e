using MessagePack;
using static Engine.Contracts.Wire.WireFields;

namespace Engine.Contracts.Wire;

// Control bodies (docs/protocol.md §10): handshake, error, ping.
public static partial class MessageCodec
{
    /// <summary>Hello: [institution str, terminalId str, clientNonce bin16].</summary>
    public static void Write(ref MessagePackWriter writer, HelloBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(3);
        WriteString(ref writer, value.Institution, "institution");
        WriteString(ref writer, value.TerminalId, "terminalId");
        WriteBinary(ref writer, value.ClientNonce, Handshake.NonceBytes, "clientNonce");
    }

    /// <summary>Reads a Hello; identities must be 1 to 256 UTF-8 bytes without U+0000.</summary>
    public static HelloBody ReadHello(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 3, "Hello");
            var institution = ReadIdentity(ref reader, "institution");
            var terminalId = ReadIdentity(ref reader, "terminalId");
            var clientNonce = ReadBinary(ref reader, Handshake.NonceBytes, "clientNonce");
            return new HelloBody(institution, terminalId, clientNonce);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>Challenge (Hello's reply): [serverNonce bin16].</summary>
    public static void Write(ref MessagePackWriter writer, ChallengeBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(1);
        WriteBinary(ref writer, value.ServerNonce, Handshake.NonceBytes, "serverNonce");
    }

    /// <summary>Reads a Challenge.</summary>
    public static ChallengeBody ReadChallenge(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 1, "Challenge");
            return new ChallengeBody(ReadBinary(ref reader, Handshake.NonceBytes, "serverNonce"));
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>Proof: [clientProof bin32].</summary>
    public static void Write(ref MessagePackWriter writer, ProofBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(1);
        WriteBinary(ref writer, value.ClientProof, Handshake.ProofBytes, "clientProof");
    }

    /// <summary>Reads a Proof.</summary>
    public static ProofBody ReadProof(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 1, "Proof");
            return new ProofBody(ReadBinary(ref reader, Handshake.ProofBytes, "clientProof"));
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>Welcome (Proof's reply): [serverProof bin32, inFlightMax int, idleTimeoutMs int, heartbeatIntervalMs
    /// int].</summary>
    public static void Write(ref MessagePackWriter writer, WelcomeBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(4);
        WriteBinary(ref writer, value.ServerProof, Handshake.ProofBytes, "serverProof");
        writer.Write(value.InFlightMax);
        writer.Write(value.IdleTimeoutMs);
        writer.Write(value.HeartbeatIntervalMs);
    }

    /// <summary>Reads a Welcome; every limit must be positive and in-flight at most 256.</summary>
    public static WelcomeBody ReadWelcome(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 4, "Welcome");
            var serverProof = ReadBinary(ref reader, Handshake.ProofBytes, "serverProof");
            var inFlightMax = ReadInt32In(ref reader, 1, ProtocolLimits.InFlightPerConnectionMax, "inFlightMax");
            var idleTimeoutMs = ReadInt32In(ref reader, 1, int.MaxValue, "idleTimeoutMs");
            var heartbeatIntervalMs = ReadInt32In(ref reader, 1, int.MaxValue, "heartbeatIntervalMs");
            return new WelcomeBody(serverProof, inFlightMax, idleTimeoutMs, heartbeatIntervalMs);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>Error: [code uint16, message str]; a message over 256 UTF-8 bytes is cut.</summary>
    public static void Write(ref MessagePackWriter writer, ErrorBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(2);
        writer.Write(value.Code);
        WriteText(ref writer, value.Message ?? string.Empty);
    }

    /// <summary>Reads an Error; the code may be one this version does not know.</summary>
    public static ErrorBody ReadError(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 2, "Error");
            var code = reader.ReadUInt16();
            var message = ReadString(ref reader, "message");
            return new ErrorBody(code, message);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>Ping: [psnNo str, value int32].</summary>
    public static void Write(ref MessagePackWriter writer, PingBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(2);
        WriteString(ref writer, value.PsnNo, "psnNo");
        writer.Write(value.Value);
    }

    /// <summary>Reads a Ping.</summary>
    public static PingBody ReadPing(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 2, "Ping");
            var psnNo = ReadString(ref reader, "psnNo");
            return new PingBody(psnNo, reader.ReadInt32());
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>Ping's reply: [value int32].</summary>
    public static void Write(ref MessagePackWriter writer, PingReplyBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(1);
        writer.Write(value.Value);
    }

    /// <summary>Reads Ping's reply.</summary>
    public static PingReplyBody ReadPingReply(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 1, "PingReply");
            return new PingReplyBody(reader.ReadInt32());
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    private static string ReadIdentity(ref MessagePackReader reader, string name)
    {
        var value = ReadString(ref reader, name);
        if (value.Length == 0 || value.Contains('\0', StringComparison.Ordinal))
        {
            ProtocolViolation.Throw(ProtocolViolationReason.MalformedBody, $"{name} must be non-empty without U+0000.");
        }
        return value;
    }
}
