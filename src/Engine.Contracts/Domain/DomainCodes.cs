using System.Diagnostics.CodeAnalysis;

namespace Engine.Contracts.Domain;

/// <summary>
/// The text codes of the scenario format and the national interface for every domain enum, both ways.
/// Parsing is exact and case-sensitive: a code the contract does not name is an error, never a default.
/// </summary>
public static class DomainCodes
{
    /// <summary>"11" or "14".</summary>
    public static string ToCode(this MedType value) => value switch
    {
        MedType.General => "11",
        MedType.Chronic => "14",
        MedType.None => "",
    };

    /// <summary>"310" or "390".</summary>
    public static string ToCode(this InsuranceType value) => value switch
    {
        InsuranceType.Employee => "310",
        InsuranceType.Resident => "390",
        InsuranceType.None => "",
    };

    /// <summary>"ANY", "ACTIVE", "RETIRED" or "RESIDENT".</summary>
    public static string ToCode(this PersonGroup value) => value switch
    {
        PersonGroup.Any => "ANY",
        PersonGroup.Active => "ACTIVE",
        PersonGroup.Retired => "RETIRED",
        PersonGroup.Resident => "RESIDENT",
    };

    /// <summary>"ACTIVE" or "SUSPENDED".</summary>
    public static string ToCode(this PersonStatus value) => value switch
    {
        PersonStatus.Active => "ACTIVE",
        PersonStatus.Suspended => "SUSPENDED",
    };

    /// <summary>"LT_RETIRE" … "TMP_OTHER".</summary>
    public static string ToCode(this FilingType value) => value switch
    {
        FilingType.LongTermRetire => "LT_RETIRE",
        FilingType.LongTermReside => "LT_RESIDE",
        FilingType.LongTermWork => "LT_WORK",
        FilingType.TemporaryReferral => "TMP_REFERRAL",
        FilingType.TemporaryEmergency => "TMP_EMERGENCY",
        FilingType.TemporaryOther => "TMP_OTHER",
    };

    /// <summary>"LOCAL" … "TMP_OTHER".</summary>
    public static string ToCode(this FilingCategory value) => value switch
    {
        FilingCategory.Local => "LOCAL",
        FilingCategory.InProvince => "IN_PROVINCE",
        FilingCategory.Zone => "ZONE",
        FilingCategory.LongTermRetire => "LT_RETIRE",
        FilingCategory.LongTermReside => "LT_RESIDE",
        FilingCategory.LongTermWork => "LT_WORK",
        FilingCategory.TemporaryReferral => "TMP_REFERRAL",
        FilingCategory.TemporaryEmergency => "TMP_EMERGENCY",
        FilingCategory.TemporaryOther => "TMP_OTHER",
    };

    /// <summary>The category a filing of this type gives.</summary>
    public static FilingCategory ToCategory(this FilingType value) => value switch
    {
        FilingType.LongTermRetire => FilingCategory.LongTermRetire,
        FilingType.LongTermReside => FilingCategory.LongTermReside,
        FilingType.LongTermWork => FilingCategory.LongTermWork,
        FilingType.TemporaryReferral => FilingCategory.TemporaryReferral,
        FilingType.TemporaryEmergency => FilingCategory.TemporaryEmergency,
        FilingType.TemporaryOther => FilingCategory.TemporaryOther,
    };

    /// <summary>"01", "02" or "03".</summary>
    public static string ToCode(this CatalogGrade value) => value switch
    {
        CatalogGrade.A => "01",
        CatalogGrade.B => "02",
        CatalogGrade.C => "03",
    };

    /// <summary>"TreatAsTemporary" or "Reject".</summary>
    public static string ToCode(this UnfiledPolicy value) => value switch
    {
        UnfiledPolicy.TreatAsTemporary => "TreatAsTemporary",
        UnfiledPolicy.Reject => "Reject",
    };

    /// <summary>"RatioPoints" or "ExtraPreSelfPay".</summary>
    public static string ToCode(this ReductionMode value) => value switch
    {
        ReductionMode.RatioPoints => "RatioPoints",
        ReductionMode.ExtraPreSelfPay => "ExtraPreSelfPay",
    };

    /// <summary>The error code text of scenario-format.md §4, or "" for <see cref="SettlementStatus.Ok"/>.</summary>
    public static string ToCode(this SettlementStatus value) => value switch
    {
        SettlementStatus.Ok => "",
        SettlementStatus.InvalidRequest => "INVALID_REQUEST",
        SettlementStatus.UnknownPerson => "UNKNOWN_PERSON",
        SettlementStatus.NotInsured => "NOT_INSURED",
        SettlementStatus.UnknownInstitution => "UNKNOWN_INSTITUTION",
        SettlementStatus.InstitutionNotNetworked => "INSTITUTION_NOT_NETWORKED",
        SettlementStatus.NoValidFiling => "NO_VALID_FILING",
        SettlementStatus.NoChronicQualification => "NO_CHRONIC_QUALIFICATION",
        SettlementStatus.InstitutionNotDesignated => "INSTITUTION_NOT_DESIGNATED",
        SettlementStatus.NoPolicy => "NO_POLICY",
        SettlementStatus.UnknownVisit => "UNKNOWN_VISIT",
        SettlementStatus.UnknownSettlement => "UNKNOWN_SETTLEMENT",
        SettlementStatus.VisitNotOpen => "VISIT_NOT_OPEN",
        SettlementStatus.NoFees => "NO_FEES",
        SettlementStatus.AlreadyCancelled => "ALREADY_CANCELLED",
        SettlementStatus.DuplicateMsgId => "DUPLICATE_MSGID",
        SettlementStatus.ReversedMsgId => "REVERSED_MSGID",
        SettlementStatus.OutcomeUnknown => "OUTCOME_UNKNOWN",
    };

    /// <summary>Parses "11" or "14".</summary>
    public static bool TryParse(string? code, out MedType value) =>
        TryParseOf(code, out value, MedType.General, MedType.Chronic);

    /// <summary>Parses "310" or "390".</summary>
    public static bool TryParse(string? code, out InsuranceType value) =>
        TryParseOf(code, out value, InsuranceType.Employee, InsuranceType.Resident);

    /// <summary>Parses a person group code, "ANY" included.</summary>
    public static bool TryParse(string? code, out PersonGroup value) =>
        TryParseOf(code, out value, PersonGroup.Any, PersonGroup.Active, PersonGroup.Retired, PersonGroup.Resident);

    /// <summary>Parses "ACTIVE" or "SUSPENDED".</summary>
    public static bool TryParse(string? code, out PersonStatus value) =>
        TryParseOf(code, out value, PersonStatus.Active, PersonStatus.Suspended);

    /// <summary>Parses a filing type code.</summary>
    public static bool TryParse(string? code, out FilingType value) => TryParseOf(
        code, out value, FilingType.LongTermRetire, FilingType.LongTermReside, FilingType.LongTermWork,
        FilingType.TemporaryReferral, FilingType.TemporaryEmergency, FilingType.TemporaryOther);

    /// <summary>Parses a filing category code.</summary>
    public static bool TryParse(string? code, out FilingCategory value) =>
        TryParseOf(code, out value, Enum.GetValues<FilingCategory>());

    /// <summary>Parses "01", "02" or "03".</summary>
    public static bool TryParse(string? code, out CatalogGrade value) =>
        TryParseOf(code, out value, CatalogGrade.A, CatalogGrade.B, CatalogGrade.C);

    /// <summary>Parses "TreatAsTemporary" or "Reject".</summary>
    public static bool TryParse(string? code, out UnfiledPolicy value) =>
        TryParseOf(code, out value, UnfiledPolicy.TreatAsTemporary, UnfiledPolicy.Reject);

    /// <summary>Parses "RatioPoints" or "ExtraPreSelfPay".</summary>
    public static bool TryParse(string? code, out ReductionMode value) =>
        TryParseOf(code, out value, ReductionMode.RatioPoints, ReductionMode.ExtraPreSelfPay);

    /// <summary>Parses an error code text; "" is not a code.</summary>
    public static bool TryParse(string? code, out SettlementStatus value) =>
        TryParseOf(code, out value, Enum.GetValues<SettlementStatus>().Where(e => e != SettlementStatus.Ok).ToArray());

    private static bool TryParseOf<T>(string? code, [MaybeNullWhen(false)] out T value, params T[] candidates)
        where T : struct, Enum
    {
        foreach (var candidate in candidates)
        {
            if (string.Equals(Describe(candidate), code, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static string Describe<T>(T value) where T : struct, Enum => value switch
    {
        MedType v => v.ToCode(),
        InsuranceType v => v.ToCode(),
        PersonGroup v => v.ToCode(),
        PersonStatus v => v.ToCode(),
        FilingType v => v.ToCode(),
        FilingCategory v => v.ToCode(),
        CatalogGrade v => v.ToCode(),
        UnfiledPolicy v => v.ToCode(),
        ReductionMode v => v.ToCode(),
        SettlementStatus v => v.ToCode(),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}
