using System.Globalization;
using Engine.Contracts.Domain;
using Engine.Contracts.Wire;

namespace Engine.Observability;

/// <summary>
/// The tags of <see cref="EngineMetrics"/>, built once. A measurement passes tags as <see cref="KeyValuePair{TKey,
/// TValue}"/> structs whose values are these cached strings, so recording allocates nothing: no boxing (the values
/// are strings), no formatting, no arrays. The sets are small and closed (operations, statuses, reasons), which also
/// bounds the number of time series.
/// </summary>
internal static class MetricTags
{
    /// <summary>The operation: the national code of the message ("2207"), or "9103" for the admin reconcile.</summary>
    public const string OperationKey = "op";

    /// <summary>"ok", or the business error code of scenario-format.md §4 ("NO_FEES", "OUTCOME_UNKNOWN").</summary>
    public const string StatusKey = "status";

    /// <summary>The protocol violation ("MAC_INVALID", "IDLE_TIMEOUT", …).</summary>
    public const string ReasonKey = "reason";

    /// <summary>"in" (from terminals) or "out" (to terminals).</summary>
    public const string DirectionKey = "direction";

    /// <summary>"state_write" or "ledger_append".</summary>
    public const string KindKey = "kind";

    /// <summary>"ok", "timeout" or "error".</summary>
    public const string ResultKey = "result";

    public static readonly KeyValuePair<string, object?> DirectionIn = new(DirectionKey, "in");
    public static readonly KeyValuePair<string, object?> DirectionOut = new(DirectionKey, "out");

    private static readonly KeyValuePair<string, object?> PersonInfo = Op(MessageType.PersonInfo);
    private static readonly KeyValuePair<string, object?> Register = Op(MessageType.Register);
    private static readonly KeyValuePair<string, object?> CancelRegistration = Op(MessageType.CancelRegistration);
    private static readonly KeyValuePair<string, object?> UploadFees = Op(MessageType.UploadFees);
    private static readonly KeyValuePair<string, object?> CancelFees = Op(MessageType.CancelFees);
    private static readonly KeyValuePair<string, object?> PreSettle = Op(MessageType.PreSettle);
    private static readonly KeyValuePair<string, object?> Settle = Op(MessageType.Settle);
    private static readonly KeyValuePair<string, object?> CancelSettlement = Op(MessageType.CancelSettlement);
    private static readonly KeyValuePair<string, object?> Reverse = Op(MessageType.Reverse);
    private static readonly KeyValuePair<string, object?> Reconcile = Op(MessageType.Reconcile);
    private static readonly KeyValuePair<string, object?> ReconcileAny = Op(MessageType.ReconcileAny);

    private static readonly KeyValuePair<string, object?> StateWrite = new(KindKey, "state_write");
    private static readonly KeyValuePair<string, object?> LedgerAppend = new(KindKey, "ledger_append");

    private static readonly KeyValuePair<string, object?> ResultOk = new(ResultKey, "ok");
    private static readonly KeyValuePair<string, object?> ResultTimeout = new(ResultKey, "timeout");
    private static readonly KeyValuePair<string, object?> ResultError = new(ResultKey, "error");

    // Indexed by the enum's number (both enums are small, numbered and append-only); a gap stays default and is
    // formatted on use.
    private static readonly KeyValuePair<string, object?>[] Statuses = BuildStatuses();
    private static readonly KeyValuePair<string, object?>[] Reasons = BuildReasons();

    /// <summary>The <c>op</c> tag of a transaction type.</summary>
    public static KeyValuePair<string, object?> Operation(MessageType type) => type switch
    {
        MessageType.PersonInfo => PersonInfo,
        MessageType.Register => Register,
        MessageType.CancelRegistration => CancelRegistration,
        MessageType.UploadFees => UploadFees,
        MessageType.CancelFees => CancelFees,
        MessageType.PreSettle => PreSettle,
        MessageType.Settle => Settle,
        MessageType.CancelSettlement => CancelSettlement,
        MessageType.Reverse => Reverse,
        MessageType.Reconcile => Reconcile,
        MessageType.ReconcileAny => ReconcileAny,
        _ => Op(type), // Not a transaction: never reached by the gateway, correct anyway.
    };

    /// <summary>The <c>status</c> tag of a reply status.</summary>
    public static KeyValuePair<string, object?> Status(SettlementStatus status) =>
        (int)status < Statuses.Length && Statuses[(int)status].Key is not null ? Statuses[(int)status]
            : new(StatusKey, ((ushort)status).ToString(CultureInfo.InvariantCulture));

    /// <summary>The <c>reason</c> tag of a protocol violation.</summary>
    public static KeyValuePair<string, object?> Reason(ProtocolViolationReason reason) =>
        (int)reason < Reasons.Length && Reasons[(int)reason].Key is not null ? Reasons[(int)reason]
            : new(ReasonKey, ((ushort)reason).ToString(CultureInfo.InvariantCulture));

    /// <summary>The <c>kind</c> tag of a storage operation.</summary>
    public static KeyValuePair<string, object?> Kind(StorageKind kind) =>
        kind == StorageKind.StateWrite ? StateWrite : LedgerAppend;

    /// <summary>The <c>result</c> tag of a storage operation.</summary>
    public static KeyValuePair<string, object?> Result(bool ok) => ok ? ResultOk : ResultError;

    /// <summary>The <c>result</c> tag of a grain call.</summary>
    public static KeyValuePair<string, object?> Result(GrainCallResult result) => result switch
    {
        GrainCallResult.Ok => ResultOk,
        GrainCallResult.Timeout => ResultTimeout,
        GrainCallResult.Error => ResultError,
    };

    private static KeyValuePair<string, object?> Op(MessageType type) =>
        new(OperationKey, ((ushort)type).ToString("X4", CultureInfo.InvariantCulture));

    private static KeyValuePair<string, object?>[] BuildStatuses()
    {
        var values = Enum.GetValues<SettlementStatus>();
        var tags = new KeyValuePair<string, object?>[(int)values.Max() + 1];
        foreach (var value in values)
        {
            tags[(int)value] = new(StatusKey, value == SettlementStatus.Ok ? "ok" : value.ToCode());
        }
        return tags;
    }

    private static KeyValuePair<string, object?>[] BuildReasons()
    {
        var values = Enum.GetValues<ProtocolViolationReason>();
        var tags = new KeyValuePair<string, object?>[(int)values.Max() + 1];
        foreach (var value in values)
        {
            tags[(int)value] = new(ReasonKey, ProtocolViolation.ToText(value));
        }
        return tags;
    }
}
