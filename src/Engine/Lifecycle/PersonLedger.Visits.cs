using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Settlement;

namespace Engine.Lifecycle;

/// <summary>Registration and fee transactions: 2201, 2202, 2204, 2205.</summary>
public sealed partial class PersonLedger
{
    /// <summary>2201, step 1. Null: a new message, to be claimed and executed.</summary>
    public TransactionReply? Admit(RegisterRequest request, out Admission admission) =>
        AdmitKey(request.Institution, request.MsgId, Operation.Register, RequestFingerprint.Of(request), out admission);

    /// <summary>2201, step 2: eligibility (rules.md §2), then a new REGISTERED visit with its terms fixed.</summary>
    public TransactionReply Execute(RegisterRequest request, Admission admission, DateTime nowUtc)
    {
        if (request.MedType is not (MedType.General or MedType.Chronic))
        {
            return Log(admission, Invalid("medType must be \"11\" or \"14\"."), nowUtc);
        }
        if (request.MedType == MedType.Chronic && string.IsNullOrEmpty(request.Disease))
        {
            return Log(admission, Invalid("disease is required for medType 14."), nowUtc);
        }
        if (request.At == default) return Log(admission, Invalid("at is required."), nowUtc);

        var status = Eligibility.Decide(reference, state.Profile, request.Institution, request.MedType,
            request.Disease, request.Emergency, DateOnly.FromDateTime(request.At), out var terms);
        if (status != SettlementStatus.Ok) return Log(admission, TransactionReply.Rejected(status), nowUtc);
        if (state.Visits.Count >= options.VisitsPerPersonMax)
        {
            return Log(admission, Invalid($"a person may hold at most {options.VisitsPerPersonMax} visits."), nowUtc);
        }

        // After this point the registration must succeed.
        var visitId = NextId(EntityIds.Visit);
        state.Visits.Add(visitId, new VisitRecord
        {
            VisitId = visitId,
            Institution = request.Institution,
            TreatmentRegion = reference.FindInstitution(request.Institution)!.Region,
            MedType = request.MedType,
            Terms = terms!,
            RegisteredAt = request.At,
            TouchedAtUtc = nowUtc,
            Status = VisitStatus.Registered,
        });
        return Log(admission, TransactionReply.Ok with { VisitId = visitId }, nowUtc);
    }

    /// <summary>2202, step 1: the visit must exist for this institution (UNKNOWN_VISIT is not stored).</summary>
    public TransactionReply? Admit(CancelRegistrationRequest request, out Admission admission) => AdmitOnVisit(
        request.VisitId, request.Institution, request.MsgId, Operation.CancelRegistration, RequestFingerprint.Of(request), out admission);

    /// <summary>2202, step 2: any REGISTERED visit may be cancelled, with or without fees.</summary>
    public TransactionReply Execute(CancelRegistrationRequest request, Admission admission, DateTime nowUtc)
    {
        var visit = state.Visits[request.VisitId];
        if (visit.Status != VisitStatus.Registered)
        {
            return Log(admission, TransactionReply.Rejected(SettlementStatus.VisitNotOpen), nowUtc);
        }
        if (request.At == default) return Log(admission, Invalid("at is required."), nowUtc);
        visit.Status = VisitStatus.Cancelled;
        visit.TouchedAtUtc = nowUtc;
        return Log(admission, TransactionReply.Ok, nowUtc);
    }

    /// <summary>2204, step 1.</summary>
    public TransactionReply? Admit(UploadFeesRequest request, out Admission admission) => AdmitOnVisit(
        request.VisitId, request.Institution, request.MsgId, Operation.UploadFees, RequestFingerprint.Of(request), out admission);

    /// <summary>2204, step 2: VISIT_NOT_OPEN before any INVALID_REQUEST; each line classified once, here.</summary>
    public TransactionReply Execute(UploadFeesRequest request, Admission admission, DateTime nowUtc)
    {
        var visit = state.Visits[request.VisitId];
        if (visit.Status != VisitStatus.Registered)
        {
            return Log(admission, TransactionReply.Rejected(SettlementStatus.VisitNotOpen), nowUtc);
        }
        var invalid = ValidateUpload(request, visit);
        if (invalid is not null) return Log(admission, Invalid(invalid), nowUtc);

        var lines = ImmutableArray.CreateBuilder<ClassifiedLine>(request.Lines.Length);
        var totals = default(LineTotals);
        foreach (var line in request.Lines)
        {
            var classified = LineClassifier.Classify(line, reference.FindCatalogEntry(line.Code, visit.TreatmentRegion));
            lines.Add(classified);
            totals += classified;
        }
        var batch = new FeeBatch(request.BatchNo, lines.MoveToImmutable(), totals, settledBy: null);
        visit.Batches.Add(batch);
        visit.TouchedAtUtc = nowUtc;
        var results = batch.Lines.Select(l => l.ToResult()).ToImmutableArray();
        return Log(admission, TransactionReply.Ok with { Lines = results }, nowUtc);
    }

    /// <summary>2205, step 1.</summary>
    public TransactionReply? Admit(CancelFeesRequest request, out Admission admission) => AdmitOnVisit(
        request.VisitId, request.Institution, request.MsgId, Operation.CancelFees, RequestFingerprint.Of(request), out admission);

    /// <summary>2205, step 2: removes one unsettled batch, or all with "0000" (ok even when none is left).</summary>
    public TransactionReply Execute(CancelFeesRequest request, Admission admission, DateTime nowUtc)
    {
        var visit = state.Visits[request.VisitId];
        if (visit.Status != VisitStatus.Registered)
        {
            return Log(admission, TransactionReply.Rejected(SettlementStatus.VisitNotOpen), nowUtc);
        }
        if (request.At == default) return Log(admission, Invalid("at is required."), nowUtc);
        if (string.Equals(request.BatchNo, CancelFeesRequest.AllBatches, StringComparison.Ordinal))
        {
            visit.Batches.RemoveAll(b => b.SettledBy is null);
        }
        else
        {
            var index = visit.Batches.FindIndex(b => string.Equals(b.BatchNo, request.BatchNo, StringComparison.Ordinal));
            if (index < 0 || visit.Batches[index].SettledBy is not null)
            {
                return Log(admission, Invalid($"batch {request.BatchNo} does not exist or is settled."), nowUtc);
            }
            visit.Batches.RemoveAt(index);
        }
        visit.TouchedAtUtc = nowUtc;
        return Log(admission, TransactionReply.Ok, nowUtc);
    }

    private string? ValidateUpload(UploadFeesRequest request, VisitRecord visit)
    {
        if (request.At == default) return "at is required.";
        if (string.IsNullOrEmpty(request.BatchNo) || request.BatchNo.Length > options.IdLengthMax)
        {
            return $"batch must be 1 to {options.IdLengthMax} characters.";
        }
        if (string.Equals(request.BatchNo, CancelFeesRequest.AllBatches, StringComparison.Ordinal))
        {
            return "batch \"0000\" is reserved.";
        }
        if (visit.Batches.Exists(b => string.Equals(b.BatchNo, request.BatchNo, StringComparison.Ordinal)))
        {
            return $"batch {request.BatchNo} exists.";
        }
        if (visit.Batches.Count >= options.BatchesPerVisitMax)
        {
            return $"a visit may hold at most {options.BatchesPerVisitMax} batches.";
        }
        if (request.Lines.IsDefaultOrEmpty) return "lines must not be empty.";
        if (request.Lines.Length > options.LinesPerBatchMax)
        {
            return $"a batch may hold at most {options.LinesPerBatchMax} lines.";
        }
        for (var i = 0; i < request.Lines.Length; i++)
        {
            var invalid = ValidateLine(request.Lines[i], i);
            if (invalid is not null) return invalid;
        }
        return null;
    }

    private string? ValidateLine(FeeLine? line, int index)
    {
        if (line is null) return $"lines[{index}] is missing.";
        if (string.IsNullOrEmpty(line.Code) || line.Code.Length > options.IdLengthMax * 2)
        {
            return $"lines[{index}].code is required.";
        }
        if (line.Amount <= Money.Zero) return $"lines[{index}].amount must be > 0.";
        if (line.Quantity.TenThousandths <= 0) return $"lines[{index}].quantity must be > 0.";
        return null;
    }
}
