namespace Engine.Scenarios;

/// <summary>The text codes each member of a scenario file accepts (scenario-format.md §2–3).</summary>
internal static class ScenarioCodes
{
    public static readonly IReadOnlyList<string> InsuranceTypes = ["310", "390"];

    public static readonly IReadOnlyList<string> MedTypes = ["11", "14"];

    /// <summary>A rule is written for every group or for one; "RESIDENT" is the group of resident persons.</summary>
    public static readonly IReadOnlyList<string> RuleGroups = ["ACTIVE", "RETIRED", "RESIDENT", "ANY"];

    /// <summary>A person is in exactly one group: "ANY" appears only in rules.</summary>
    public static readonly IReadOnlyList<string> PersonGroups = ["ACTIVE", "RETIRED", "RESIDENT"];

    public static readonly IReadOnlyList<string> PersonStatuses = ["ACTIVE", "SUSPENDED"];

    public static readonly IReadOnlyList<string> FilingTypes =
        ["LT_RETIRE", "LT_RESIDE", "LT_WORK", "TMP_REFERRAL", "TMP_EMERGENCY", "TMP_OTHER"];

    public static readonly IReadOnlyList<string> CatalogGrades = ["01", "02", "03"];

    public static readonly IReadOnlyList<string> UnfiledPolicies = ["TreatAsTemporary", "Reject"];

    public static readonly IReadOnlyList<string> ReductionModes = ["RatioPoints", "ExtraPreSelfPay"];

    /// <summary>The bucket of medType 11; medType 14 uses <see cref="ChronicBucketPrefix"/> + disease.</summary>
    public const string GeneralBucket = "GEN_OTP";

    public const string ChronicBucketPrefix = "OPSP:";
}
