using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.Lifecycle;

/// <summary>
/// Applies one person's terminal transactions to the person's state (rules.md §2–§7). Pure: no I/O, no clock
/// (the engine clock comes in as <c>nowUtc</c>), no Orleans runtime. A state-changing transaction runs in two
/// pure steps around the caller's institution-wide msgId claim (docs/architecture.md):
/// <list type="number">
/// <item><c>Admit</c>: resolves the visit or settlement (UNKNOWN_* are not stored), validates the key, and
/// answers from the log (REVERSED_MSGID, DUPLICATE_MSGID, the stored reply); null means a new message;</item>
/// <item><c>Execute</c>: decides, then commits to the state and logs the reply, ok or rejected.</item>
/// </list>
/// Decisions are made before the first mutation, so an invariant failure leaves the state untouched.
/// </summary>
public sealed partial class PersonLedger
{
    private readonly PersonState state;
    private readonly ReferenceSnapshot reference;
    private readonly LedgerOptions options;

    /// <summary>A ledger over <paramref name="state"/> of person <paramref name="psnNo"/>.</summary>
    public PersonLedger(string psnNo, PersonState state, ReferenceSnapshot reference, LedgerOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(psnNo);
        PsnNo = psnNo;
        this.state = state;
        this.reference = reference;
        this.options = options;
    }

    /// <summary>The person's number: the grain key.</summary>
    public string PsnNo { get; }

    /// <summary>
    /// Logs a tombstone for a new message whose msgId the institution-wide claim found reversed by 2601 before
    /// it arrived; its retransmissions then get REVERSED_MSGID from this log without asking again.
    /// </summary>
    public TransactionReply RecordTombstoned(Admission admission, DateTime nowUtc)
    {
        var reply = TransactionReply.Rejected(SettlementStatus.ReversedMsgId);
        state.Messages[admission.Key] =
            new MessageRecord(admission.Operation, admission.Fingerprint, StoredReply.Of(reply), nowUtc,
                MessageOutcome.Reversed, null);
        return reply;
    }

    /// <summary>
    /// Removes replies older than the message retention and visits (with their settlements) untouched for
    /// longer than the visit retention, at most once per sweep interval, so that a person who visits daily
    /// for years keeps a bounded state.
    /// </summary>
    public void Sweep(DateTime nowUtc)
    {
        if (nowUtc - state.LastSweptAtUtc < options.SweepInterval) return;
        state.LastSweptAtUtc = nowUtc;
        var messageHorizon = nowUtc - options.MessageRetention;
        foreach (var (key, record) in state.Messages)
        {
            if (record.ReceivedAtUtc < messageHorizon) state.Messages.Remove(key);
        }
        var visitHorizon = nowUtc - options.VisitRetention;
        foreach (var (visitId, visit) in state.Visits)
        {
            if (visit.TouchedAtUtc >= visitHorizon) continue;
            state.Visits.Remove(visitId);
            foreach (var (settlementId, settlement) in state.Settlements)
            {
                if (string.Equals(settlement.VisitId, visitId, StringComparison.Ordinal))
                {
                    state.Settlements.Remove(settlementId);
                }
            }
        }
    }

    private TransactionReply? AdmitKey(string institution, string msgId, Operation operation, UInt128 fingerprint,
        out Admission admission)
    {
        admission = new Admission(new MessageKey(institution, msgId), operation, fingerprint);
        if (string.IsNullOrEmpty(msgId) || msgId.Length > options.IdLengthMax)
        {
            return TransactionReply.Rejected(SettlementStatus.InvalidRequest, $"msgId must be 1 to {options.IdLengthMax} characters.");
        }
        if (string.IsNullOrEmpty(institution))
        {
            return TransactionReply.Rejected(SettlementStatus.InvalidRequest, "institution is required.");
        }
        if (!state.Messages.TryGetValue(admission.Key, out var logged)) return null;
        if (logged.Outcome == MessageOutcome.Reversed) return TransactionReply.Rejected(SettlementStatus.ReversedMsgId);
        if (logged.Operation != operation || logged.Fingerprint != fingerprint)
        {
            return TransactionReply.Rejected(SettlementStatus.DuplicateMsgId);
        }
        return logged.Reply.Decode();
    }

    /// <summary>A visit-named message: UNKNOWN_VISIT (not stored) unless the visit is this institution's.</summary>
    private TransactionReply? AdmitOnVisit(string visitId, string institution, string msgId, Operation operation,
        UInt128 fingerprint, out Admission admission)
    {
        admission = default;
        return TryFindVisit(visitId, institution, out _)
            ? AdmitKey(institution, msgId, operation, fingerprint, out admission)
            : TransactionReply.Rejected(SettlementStatus.UnknownVisit);
    }

    private TransactionReply Log(Admission admission, TransactionReply reply, DateTime nowUtc, string? settlementId = null)
    {
        var outcome = reply.IsOk ? MessageOutcome.Accepted : MessageOutcome.Rejected;
        state.Messages[admission.Key] =
            new MessageRecord(admission.Operation, admission.Fingerprint, StoredReply.Of(reply), nowUtc, outcome,
                settlementId);
        return reply;
    }

    private bool TryFindVisit(string visitId, string institution, out VisitRecord visit) =>
        state.Visits.TryGetValue(visitId ?? "", out visit!) &&
        string.Equals(visit.Institution, institution, StringComparison.Ordinal);

    private bool TryFindSettlement(string settlementId, string institution, out SettlementRecord settlement) =>
        state.Settlements.TryGetValue(settlementId ?? "", out settlement!) &&
        string.Equals(settlement.Institution, institution, StringComparison.Ordinal);

    private static TransactionReply Invalid(string message) =>
        TransactionReply.Rejected(SettlementStatus.InvalidRequest, message);

    private string NextId(Func<string, long, string> format)
    {
        state.LastSequence++;
        return format(PsnNo, state.LastSequence);
    }
}
