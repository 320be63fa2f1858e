using Engine.Contracts.Domain;
using Engine.Reference;

namespace Engine.Settlement;

/// <summary>
/// Eligibility and the filing category at registration (rules.md §2) and the benefit rule (§3). Pure: the
/// checks run in the order the rules write them, and the first that fails gives the status.
/// </summary>
public static class Eligibility
{
    /// <summary>Decides a registration. On <see cref="SettlementStatus.Ok"/>, <paramref name="terms"/> is set.</summary>
    /// <param name="person">The person's profile, or null when the engine does not know the person.</param>
    public static SettlementStatus Decide(
        ReferenceSnapshot reference,
        PersonProfile? person,
        string institutionCode,
        MedType medType,
        string? disease,
        bool emergency,
        DateOnly registrationDate,
        out VisitTerms? terms)
    {
        terms = null;
        // Step 1: who and where.
        if (person is null) return SettlementStatus.UnknownPerson;
        if (person.Status != PersonStatus.Active) return SettlementStatus.NotInsured;
        var institution = reference.FindInstitution(institutionCode);
        if (institution is null) return SettlementStatus.UnknownInstitution;

        // Step 2: the filing category.
        var settings = reference.SettingsOf(person.InsuredRegion);
        var status = DecideCategory(reference, person, institution, settings, emergency, registrationDate, out var category);
        if (status != SettlementStatus.Ok) return status;

        // Step 3: chronic qualification and designation.
        if (medType == MedType.Chronic)
        {
            if (!HasQualification(person, disease, registrationDate)) return SettlementStatus.NoChronicQualification;
            if (category != FilingCategory.Local && !institution.ChronicDesignated)
            {
                return SettlementStatus.InstitutionNotDesignated;
            }
        }

        // Step 4: a benefit rule in force with a ratio for this level.
        var rule = BenefitRules.Select(reference.RulesOf(person.InsuredRegion), person, medType, disease, registrationDate);
        var ratio = rule?.RatioForLevel(institution.Level);
        if (rule is null || ratio is null) return SettlementStatus.NoPolicy;

        var isEmployee = person.InsuranceType == InsuranceType.Employee;
        terms = new VisitTerms(
            category,
            medType == MedType.Chronic ? VisitTerms.ChronicBucket(disease!) : VisitTerms.GeneralBucket,
            rule.Deductible,
            ratio.Value,
            rule.AnnualCap,
            settings.ReductionFor(category),
            settings.ReductionMode,
            isEmployee && person.CivilServant ? settings.CivilServantRatio : Contracts.Ratio.Zero,
            MayUseAccount: isEmployee);
        return SettlementStatus.Ok;
    }

    private static SettlementStatus DecideCategory(
        ReferenceSnapshot reference,
        PersonProfile person,
        Institution institution,
        RegionSettings settings,
        bool emergency,
        DateOnly date,
        out FilingCategory category)
    {
        category = FilingCategory.Local;
        var insured = person.InsuredRegion;
        var treatment = institution.Region;
        if (reference.Covers(insured, treatment)) return SettlementStatus.Ok;

        var sameProvince = reference.AreInSameProvince(insured, treatment);
        if (sameProvince && settings.InProvinceNoFiling)
        {
            category = FilingCategory.InProvince;
            return SettlementStatus.Ok;
        }
        if (!sameProvince && !institution.CrossProvince) return SettlementStatus.InstitutionNotNetworked;
        if (reference.IsInNoFilingZone(insured, treatment))
        {
            category = FilingCategory.Zone;
            return SettlementStatus.Ok;
        }

        if (TryPickFiling(reference, person, settings, treatment, emergency, date, out category))
        {
            return SettlementStatus.Ok;
        }
        if (settings.Unfiled == UnfiledPolicy.Reject) return SettlementStatus.NoValidFiling;
        category = FilingCategory.TemporaryOther;
        return SettlementStatus.Ok;
    }

    /// <summary>
    /// The candidate with the smallest reduction; ties go to the earlier <see cref="FilingType"/>
    /// (LT_RETIRE, LT_RESIDE, LT_WORK, TMP_REFERRAL, TMP_EMERGENCY, TMP_OTHER).
    /// </summary>
    private static bool TryPickFiling(
        ReferenceSnapshot reference,
        PersonProfile person,
        RegionSettings settings,
        string treatmentRegion,
        bool emergency,
        DateOnly date,
        out FilingCategory category)
    {
        FilingType? best = emergency ? FilingType.TemporaryEmergency : null;
        foreach (var filing in person.Filings)
        {
            if (!filing.IsValidOn(date) || !reference.Covers(filing.Destination, treatmentRegion)) continue;
            if (best is null || IsBetter(settings, filing.Type, best.Value)) best = filing.Type;
        }
        category = best?.ToCategory() ?? FilingCategory.TemporaryOther;
        return best is not null;
    }

    private static bool IsBetter(RegionSettings settings, FilingType candidate, FilingType incumbent)
    {
        var candidateReduction = settings.ReductionFor(candidate.ToCategory());
        var incumbentReduction = settings.ReductionFor(incumbent.ToCategory());
        if (candidateReduction != incumbentReduction) return candidateReduction < incumbentReduction;
        return candidate < incumbent;
    }

    private static bool HasQualification(PersonProfile person, string? disease, DateOnly date)
    {
        foreach (var qualification in person.Chronic)
        {
            if (string.Equals(qualification.Disease, disease, StringComparison.Ordinal) && qualification.IsValidOn(date))
            {
                return true;
            }
        }
        return false;
    }
}
