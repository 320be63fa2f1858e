namespace Engine.Contracts.Wire;

/// <summary>Classification of <see cref="MessageType"/> values (docs/protocol.md §5).</summary>
public static class MessageTypes
{
    /// <summary>Is <paramref name="type"/> a type this protocol version defines.</summary>
    public static bool IsKnown(MessageType type) => type switch
    {
        MessageType.Hello or MessageType.Proof or MessageType.Heartbeat or MessageType.Error or MessageType.Echo
            or MessageType.Ping => true,
        MessageType.PersonInfo or MessageType.Register or MessageType.CancelRegistration or MessageType.UploadFees
            or MessageType.CancelFees or MessageType.PreSettle or MessageType.Settle
            or MessageType.CancelSettlement or MessageType.Reverse or MessageType.Reconcile => true,
        MessageType.ReferenceUpsert or MessageType.Clearing or MessageType.ReconcileAny => true,
        _ => false,
    };

    /// <summary>Is <paramref name="type"/> a terminal transaction (a national code); its reply is a
    /// TransactionReply.</summary>
    public static bool IsBusiness(this MessageType type) => type is MessageType.PersonInfo or MessageType.Register
        or MessageType.CancelRegistration or MessageType.UploadFees or MessageType.CancelFees
        or MessageType.PreSettle or MessageType.Settle or MessageType.CancelSettlement or MessageType.Reverse
        or MessageType.Reconcile;

    /// <summary>Is <paramref name="type"/> allowed only on an admin session (signed in as "*admin*").</summary>
    public static bool IsAdmin(this MessageType type) =>
        type is MessageType.ReferenceUpsert or MessageType.Clearing or MessageType.ReconcileAny;

    /// <summary>Is <paramref name="type"/> part of the sign-in handshake (allowed before Welcome).</summary>
    public static bool IsHandshake(this MessageType type) => type is MessageType.Hello or MessageType.Proof;

    /// <summary>The hexadecimal text of a type as the documentation writes it, e.g. "0x2207".</summary>
    public static string ToHex(this MessageType type) => "0x" + ((ushort)type).ToString("X4", null);
}
