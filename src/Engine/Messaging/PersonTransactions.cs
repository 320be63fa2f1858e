using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;

namespace Engine.Messaging;

/// <summary>
/// Runs one state-changing transaction of a person: the ledger's admission, the institution-wide claim of a
/// new msgId, then the ledger's execution (scenario-format.md §3, the order of checks). Shared by the person
/// grain and the in-process engine so both behave the same.
/// </summary>
public static class PersonTransactions
{
    /// <summary>The reply, and whether the person's state changed (and must be persisted before replying).</summary>
    public static async ValueTask<(TransactionReply Reply, bool StateChanged)> RunAsync(
        PersonLedger ledger, IMessageRegistry registry, object request, DateTime nowUtc)
    {
        ledger.Sweep(nowUtc);
        var (early, admission, execute) = Admit(ledger, request, nowUtc);
        if (early is not null) return (early, false);

        var holder = await registry.ClaimAsync(admission.Key, ledger.PsnNo, nowUtc);
        if (holder is null) return (execute(), true);
        if (holder.Kind == RegistryEntryKind.Tombstone) return (ledger.RecordTombstoned(admission, nowUtc), true);
        // Another person's message (or a 2601's): not this person's to log.
        var status = holder.Reversed ? SettlementStatus.ReversedMsgId : SettlementStatus.DuplicateMsgId;
        return (TransactionReply.Rejected(status), false);
    }

    private static (TransactionReply? Early, Admission Admission, Func<TransactionReply> Execute) Admit(
        PersonLedger ledger, object request, DateTime nowUtc)
    {
        Admission admission;
        switch (request)
        {
            case RegisterRequest r:
                return (ledger.Admit(r, out admission), admission, () => ledger.Execute(r, admission, nowUtc));
            case CancelRegistrationRequest r:
                return (ledger.Admit(r, out admission), admission, () => ledger.Execute(r, admission, nowUtc));
            case UploadFeesRequest r:
                return (ledger.Admit(r, out admission), admission, () => ledger.Execute(r, admission, nowUtc));
            case CancelFeesRequest r:
                return (ledger.Admit(r, out admission), admission, () => ledger.Execute(r, admission, nowUtc));
            case SettleRequest r:
                return (ledger.Admit(r, out admission), admission, () => ledger.Execute(r, admission, nowUtc));
            case CancelSettlementRequest r:
                return (ledger.Admit(r, out admission), admission, () => ledger.Execute(r, admission, nowUtc));
            default:
                throw new ArgumentException($"{request.GetType().Name} is not a person transaction.", nameof(request));
        }
    }
}
