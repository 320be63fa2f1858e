namespace Engine.Contracts.Wire;

/// <summary>
/// The message type of a frame (docs/protocol.md §5). A reply carries its request's type with
/// <see cref="FrameFlags.Reply"/> set; a failed request is answered by an <see cref="Error"/> frame instead.
/// Business types are the national transaction codes written as hexadecimal digits (2207 → 0x2207).
/// Append-only: a number on the wire is never reused or renumbered.
/// </summary>
public enum MessageType : ushort
{
    /// <summary>0x0001 Hello (client): institution, terminal id, client nonce. Reply body: Challenge.</summary>
    Hello = 0x0001,

    /// <summary>0x0002 Proof (client): the client proof. Reply body: Welcome (server proof and session
    /// limits).</summary>
    Proof = 0x0002,

    /// <summary>0x0003 Heartbeat (client): empty body. Reply: Heartbeat with an empty body.</summary>
    Heartbeat = 0x0003,

    /// <summary>0x0004 Error (server only): code and message; the server closes the connection after it.</summary>
    Error = 0x0004,

    /// <summary>0x0005 Echo (client): any bytes, echoed unchanged by the gateway (transport ceiling).</summary>
    Echo = 0x0005,

    /// <summary>0x0006 Ping (client): psnNo and a value; one no-op person-grain call. Reply: the value.</summary>
    Ping = 0x0006,

    /// <summary>0x1101 人员信息获取: a person's balance and accumulators.</summary>
    PersonInfo = 0x1101,

    /// <summary>0x2201 门诊挂号: register a visit.</summary>
    Register = 0x2201,

    /// <summary>0x2202 门诊挂号撤销: cancel a registration.</summary>
    CancelRegistration = 0x2202,

    /// <summary>0x2204 门诊费用明细上传: upload one fee batch.</summary>
    UploadFees = 0x2204,

    /// <summary>0x2205 门诊费用明细撤销: cancel a fee batch, or all unsettled ones.</summary>
    CancelFees = 0x2205,

    /// <summary>0x2206 门诊预结算: pre-settle (changes nothing).</summary>
    PreSettle = 0x2206,

    /// <summary>0x2207 门诊结算: settle.</summary>
    Settle = 0x2207,

    /// <summary>0x2208 门诊结算撤销: cancel a settlement.</summary>
    CancelSettlement = 0x2208,

    /// <summary>0x2601 冲正交易: reverse a transaction whose outcome the terminal does not know.</summary>
    Reverse = 0x2601,

    /// <summary>0x3201 对总账: reconcile the signed-in institution's day.</summary>
    Reconcile = 0x3201,

    /// <summary>0x9101 admin: upsert one chunk of reference data. Reply: the reference version.</summary>
    ReferenceUpsert = 0x9101,

    /// <summary>0x9102 admin: a month's clearing statement. Reply: the clearing lines.</summary>
    Clearing = 0x9102,

    /// <summary>0x9103 admin: reconcile any institution's day. Reply: TransactionReply.</summary>
    ReconcileAny = 0x9103,

    // Last value: ReconcileAny = 0x9103. Update this line and MessageTypes.IsKnown when appending.
}
