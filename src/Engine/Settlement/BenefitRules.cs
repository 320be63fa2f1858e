using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Reference;

namespace Engine.Settlement;

/// <summary>The choice of the benefit rule (rules.md §3).</summary>
public static class BenefitRules
{
    /// <summary>
    /// The rule of the insured region for the person's insurance type and group, the medType (and disease for
    /// 14), in force on <paramref name="date"/>. A rule for the exact group beats one for ANY; between rules of
    /// the same specificity the first in the reference data wins. Null when none is in force.
    /// </summary>
    public static BenefitRule? Select(
        ImmutableArray<BenefitRule> rules, PersonProfile person, MedType medType, string? disease, DateOnly date)
    {
        BenefitRule? forAny = null;
        foreach (var rule in rules)
        {
            if (rule.InsuranceType != person.InsuranceType || rule.MedType != medType) continue;
            if (medType == MedType.Chronic && !string.Equals(rule.Disease, disease, StringComparison.Ordinal)) continue;
            if (!rule.IsInForceOn(date)) continue;
            if (rule.PersonGroup == person.PersonGroup && rule.PersonGroup != PersonGroup.Any) return rule;
            if (rule.PersonGroup == PersonGroup.Any) forAny ??= rule;
        }
        return forAny;
    }
}
