using Engine.Contracts;
using Engine.Contracts.Domain;

namespace Engine.Settlement;

/// <summary>
/// Everything a visit's settlements need from eligibility and the benefit rule, fixed at registration
/// (rules.md §2: "the category and the benefit rule are fixed at registration").
/// </summary>
/// <param name="Bucket">"GEN_OTP" or "OPSP:&lt;disease&gt;".</param>
/// <param name="Ratio">The rule's fund ratio r for the institution's level, before any reduction.</param>
/// <param name="AnnualCap">C; null means no cap.</param>
/// <param name="Reduction">p: the category's reduction (0 unless temporary).</param>
/// <param name="CivilServantRatio">s when the person is an employee civil servant, else 0.</param>
/// <param name="MayUseAccount">Employees only: residents have no personal account.</param>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Engine.Settlement.VisitTerms")]
public sealed record VisitTerms(
    FilingCategory Category,
    string Bucket,
    Money Deductible,
    Ratio Ratio,
    Money? AnnualCap,
    Ratio Reduction,
    ReductionMode ReductionMode,
    Ratio CivilServantRatio,
    bool MayUseAccount)
{
    /// <summary>The accumulator bucket of general outpatient visits.</summary>
    public const string GeneralBucket = "GEN_OTP";

    /// <summary>The accumulator bucket of a chronic disease.</summary>
    public static string ChronicBucket(string disease) => "OPSP:" + disease;
}
