using Engine.Contracts;
using Engine.Contracts.Domain;

namespace Engine.Reference;

/// <summary>
/// A benefit rule (policy) of an insured region, in force on <c>[EffectiveFrom, EffectiveTo]</c> inclusive
/// (rules.md §3). Ratios are per institution level; a missing level means the rule does not apply there.
/// </summary>
/// <param name="Disease">The disease of a medType 14 rule; null for 11.</param>
/// <param name="EffectiveTo">Null: open-ended.</param>
/// <param name="AnnualCap">Null: no cap.</param>
[GenerateSerializer, Immutable, Alias("Engine.Reference.BenefitRule")]
public sealed record BenefitRule(
    string Region,
    InsuranceType InsuranceType,
    MedType MedType,
    string? Disease,
    PersonGroup PersonGroup,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    Money Deductible,
    Ratio? RatioLevel1,
    Ratio? RatioLevel2,
    Ratio? RatioLevel3,
    Money? AnnualCap)
{
    /// <summary>Is the rule in force on <paramref name="date"/>.</summary>
    public bool IsInForceOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);

    /// <summary>The fund ratio for an institution level (1, 2 or 3), or null when the rule has none.</summary>
    public Ratio? RatioForLevel(int level) => level switch
    {
        1 => RatioLevel1,
        2 => RatioLevel2,
        3 => RatioLevel3,
        _ => null,
    };
}
