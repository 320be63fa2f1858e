using System.Collections;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Engine.Observability;

/// <summary>
/// The logging scope of one transaction: institution, msgId and settlement id, as named fields for structured
/// providers and as <c>institution=… msgId=… settlementId=…</c> on the console (<c>IncludeScopes</c>). A scope costs
/// a few allocations, so callers open one only when a line inside it can be written (the <c>Begin</c> methods check
/// <see cref="ILogger.IsEnabled"/>): around a whole request when Debug is on, otherwise just around a failure line.
/// </summary>
internal sealed class TransactionLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private TransactionLogScope(string institution, string msgId, string settlementId)
    {
        Institution = institution;
        MsgId = msgId;
        SettlementId = settlementId;
    }

    /// <summary>The institution the transaction is for.</summary>
    public string Institution { get; }

    /// <summary>The transaction's msgId; empty for read-only operations (1101, 2206, 3201).</summary>
    public string MsgId { get; }

    /// <summary>The settlement named by the request (2208) or created by it (2207, once replied); else empty.</summary>
    public string SettlementId { get; set; }

    /// <inheritdoc />
    public int Count => 3;

    /// <inheritdoc />
    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(nameof(Institution), Institution),
        1 => new(nameof(MsgId), MsgId),
        2 => new(nameof(SettlementId), SettlementId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>The scope of a decoded request; <paramref name="institution"/> when the request names none.</summary>
    public static TransactionLogScope For(string institution, object request) => request switch
    {
        CancelSettlementRequest cancel => new(cancel.Institution, cancel.MsgId, cancel.SettlementId),
        IStateChangingRequest changing => new(changing.Institution, changing.MsgId, ""),
        PreSettleRequest preSettle => new(preSettle.Institution, "", ""),
        PersonInfoRequest personInfo => new(personInfo.Institution, "", ""),
        ReconcileRequest reconcile => new(reconcile.Institution, "", ""),
        _ => new(institution, "", ""),
    };

    /// <summary>The scope of a ledger event: its institution and settlement (event ids are "setl_id#…").</summary>
    public static TransactionLogScope For(LedgerEvent ledgerEvent)
    {
        var hash = ledgerEvent.EventId.IndexOf('#', StringComparison.Ordinal);
        return new(ledgerEvent.Institution, "", hash < 0 ? ledgerEvent.EventId : ledgerEvent.EventId[..hash]);
    }

    /// <summary>Opens the scope of <paramref name="request"/> if <paramref name="level"/> is enabled, else null.</summary>
    public static IDisposable? Begin(ILogger logger, LogLevel level, string institution, object request) =>
        logger.IsEnabled(level) ? logger.BeginScope(For(institution, request)) : null;

    /// <summary>Opens the scope of <paramref name="ledgerEvent"/> if <paramref name="level"/> is enabled, else null.</summary>
    public static IDisposable? Begin(ILogger logger, LogLevel level, LedgerEvent ledgerEvent) =>
        logger.IsEnabled(level) ? logger.BeginScope(For(ledgerEvent)) : null;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The console form.</summary>
    public override string ToString() =>
        $"institution={OrDash(Institution)} msgId={OrDash(MsgId)} settlementId={OrDash(SettlementId)}";

    private static string OrDash(string value) => value.Length == 0 ? "-" : value;
}
