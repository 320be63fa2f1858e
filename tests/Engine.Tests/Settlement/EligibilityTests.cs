using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Reference;
using Engine.Settlement;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Settlement;

/// <summary>rules.md §2 (eligibility and the filing category) in the order the rules write the checks.</summary>
public sealed class EligibilityTests
{
    private const string PsnNo = "36010000000000000001";
    private static readonly DateOnly March10 = Day(2025, 3, 10);
    private static readonly RegionSettings Reject = new() { Unfiled = UnfiledPolicy.Reject };

    private static (SettlementStatus Status, VisitTerms? Terms) Decide(
        PersonProfile? person,
        string institution,
        ReferenceSnapshot? reference = null,
        MedType medType = MedType.General,
        string? disease = null,
        bool emergency = false,
        DateOnly? date = null)
    {
        var status = Eligibility.Decide(reference ?? Snapshot(), person, institution, medType, disease, emergency,
            date ?? March10, out var terms);
        Assert.Equal(status == SettlementStatus.Ok, terms is not null);
        return (status, terms);
    }

    private static FilingCategory CategoryOf(
        PersonProfile person, string institution, ReferenceSnapshot? reference = null, bool emergency = false,
        DateOnly? date = null)
    {
        var (status, terms) = Decide(person, institution, reference, emergency: emergency, date: date);
        Assert.Equal(SettlementStatus.Ok, status);
        return terms!.Category;
    }

    private static PersonProfile Filed(params Filing[] filings) => Person(PsnNo, filings: [.. filings]);

    // Step 1: who and where.

    [Fact]
    public void Decide_UnknownPerson_ReturnsUnknownPerson()
    {
        Assert.Equal(SettlementStatus.UnknownPerson, Decide(null, "H-NOWHERE").Status);
    }

    [Fact]
    public void Decide_SuspendedPerson_ReturnsNotInsuredBeforeCheckingTheInstitution()
    {
        var suspended = Person(PsnNo, status: PersonStatus.Suspended);

        Assert.Equal(SettlementStatus.NotInsured, Decide(suspended, LocalHospital).Status);
        Assert.Equal(SettlementStatus.NotInsured, Decide(suspended, "H-NOWHERE").Status);
    }

    [Fact]
    public void Decide_UnknownInstitution_ReturnsUnknownInstitution()
    {
        Assert.Equal(SettlementStatus.UnknownInstitution, Decide(Person(PsnNo), "H-NOWHERE").Status);
    }

    // Step 2: the category.

    [Theory]
    [InlineData(LocalHospital)] // 东湖区, a child district of the insured city
    [InlineData(CityHospital)]  // the insured city itself
    public void Decide_InsuredRegionCoversInstitution_IsLocal(string institution)
    {
        Assert.Equal(FilingCategory.Local, CategoryOf(Person(PsnNo), institution));
    }

    [Fact]
    public void Decide_SameProvinceWithDefaultSettings_IsInProvinceWithoutReduction()
    {
        var (status, terms) = Decide(Person(PsnNo), JiujiangHospital);

        Assert.Equal(SettlementStatus.Ok, status);
        Assert.Equal(FilingCategory.InProvince, terms!.Category);
        Assert.Equal(R(0m), terms.Reduction);
    }

    [Fact]
    public void Decide_InProvinceNoFilingFalseWithoutFiling_FallsThroughToTemporaryNotToNotNetworked()
    {
        // 九江医院 is not opened for cross-province settlement, but the visit is in the same province.
        var reference = Snapshot(new RegionSettings { InProvinceNoFiling = false });

        var (status, terms) = Decide(Person(PsnNo), JiujiangHospital, reference);

        Assert.Equal(SettlementStatus.Ok, status);
        Assert.Equal(FilingCategory.TemporaryOther, terms!.Category);
        Assert.Equal(R(0.20m), terms.Reduction);
    }

    [Fact]
    public void Decide_InProvinceNoFilingFalseWithFiling_TakesTheFiling()
    {
        var reference = Snapshot(new RegionSettings { InProvinceNoFiling = false });
        var person = Filed(Filing(FilingType.LongTermWork, Jiujiang));

        Assert.Equal(FilingCategory.LongTermWork, CategoryOf(person, JiujiangHospital, reference));
    }

    [Fact]
    public void Decide_InProvinceNoFilingFalseAndReject_ReturnsNoValidFiling()
    {
        var reference = Snapshot(new RegionSettings { InProvinceNoFiling = false, Unfiled = UnfiledPolicy.Reject });

        Assert.Equal(SettlementStatus.NoValidFiling, Decide(Person(PsnNo), JiujiangHospital, reference).Status);
    }

    [Fact]
    public void Decide_CrossProvinceAtNonNetworkedInstitution_ReturnsNotNetworkedEvenWithAValidFiling()
    {
        var person = Filed(Filing(FilingType.LongTermReside, Shanghai));

        Assert.Equal(SettlementStatus.InstitutionNotNetworked, Decide(person, QingpuClinic).Status);
    }

    [Fact]
    public void Decide_ChronicWithoutQualificationAtNonNetworkedCrossProvince_ReturnsNotNetworked()
    {
        // The documented example of rules.md §2: step 2 fails before step 3 is reached.
        var (status, _) = Decide(Person(PsnNo), QingpuClinic, medType: MedType.Chronic, disease: Diabetes);

        Assert.Equal(SettlementStatus.InstitutionNotNetworked, status);
    }

    [Fact]
    public void Decide_ZoneMemberVisitingAnotherMember_IsZoneWithoutReduction()
    {
        var person = Person("32050900000000000001", insuredRegion: Wujiang, group: PersonGroup.Active);

        var (status, terms) = Decide(person, QingpuHospital);

        Assert.Equal(SettlementStatus.Ok, status);
        Assert.Equal(FilingCategory.Zone, terms!.Category);
        Assert.Equal(R(0m), terms.Reduction);
        Assert.Equal(R(0.70m), terms.Ratio); // Wujiang's own rule: the insured region's policy.
        Assert.Null(terms.AnnualCap);
    }

    [Fact]
    public void Decide_ZoneMemberAtNonNetworkedInstitution_ReturnsNotNetworkedBeforeZone()
    {
        var person = Person("32050900000000000001", insuredRegion: Wujiang);

        Assert.Equal(SettlementStatus.InstitutionNotNetworked, Decide(person, QingpuClinic).Status);
    }

    [Fact]
    public void Decide_PersonInsuredInTheParentCityOfAZoneDistrict_IsNotZone()
    {
        // The zone lists 吴江区 (320509); a person insured in 苏州市 (320500) is not a member.
        ImmutableArray<BenefitRule> policies = [.. Policies, Rule(region: Suzhou, group: PersonGroup.Any)];
        var person = Person("32050000000000000001", insuredRegion: Suzhou);

        Assert.Equal(FilingCategory.TemporaryOther, CategoryOf(person, QingpuHospital, Snapshot(policies: policies)));
    }

    [Theory]
    [InlineData(2025, 1, 1, true)]
    [InlineData(2025, 6, 30, true)]
    [InlineData(2024, 12, 31, false)]
    [InlineData(2025, 7, 1, false)]
    public void Decide_FilingWindow_IsInclusiveAtBothEnds(int year, int month, int day, bool valid)
    {
        var person = Filed(Filing(FilingType.LongTermReside, Shanghai, Day(2025, 1, 1), Day(2025, 6, 30)));

        var (status, terms) = Decide(person, QingpuHospital, Snapshot(Reject), date: Day(year, month, day));

        Assert.Equal(valid ? SettlementStatus.Ok : SettlementStatus.NoValidFiling, status);
        if (valid) Assert.Equal(FilingCategory.LongTermReside, terms!.Category);
    }

    [Fact]
    public void Decide_OpenEndedFiling_IsValidYearsLater()
    {
        var person = Filed(Filing(FilingType.LongTermRetire, Qingpu, Day(2025, 1, 1), to: null));

        Assert.Equal(FilingCategory.LongTermRetire,
            CategoryOf(person, QingpuHospital, Snapshot(Reject), date: Day(2031, 12, 31)));
    }

    [Fact]
    public void Decide_FilingForAnotherDestination_IsNoCandidate()
    {
        var person = Filed(Filing(FilingType.LongTermReside, Jiangsu));

        Assert.Equal(SettlementStatus.NoValidFiling, Decide(person, QingpuHospital, Snapshot(Reject)).Status);
    }

    [Fact]
    public void Decide_TwoTemporaryFilings_PicksTheSmallestReduction()
    {
        var person = Filed(Filing(FilingType.TemporaryOther, Shanghai), Filing(FilingType.TemporaryReferral, Shanghai));

        Assert.Equal(FilingCategory.TemporaryReferral, CategoryOf(person, QingpuHospital));
    }

    [Fact]
    public void Decide_SmallestReduction_BeatsTheTieOrder()
    {
        var settings = new RegionSettings { ReductionReferral = R(0.30m), ReductionOther = R(0.05m) };
        var person = Filed(Filing(FilingType.TemporaryReferral, Shanghai), Filing(FilingType.TemporaryOther, Shanghai));

        var (_, terms) = Decide(person, QingpuHospital, Snapshot(settings));

        Assert.Equal(FilingCategory.TemporaryOther, terms!.Category);
        Assert.Equal(R(0.05m), terms.Reduction);
    }

    [Theory]
    [InlineData(FilingCategory.LongTermRetire,
        FilingType.LongTermWork, FilingType.LongTermReside, FilingType.LongTermRetire)]
    [InlineData(FilingCategory.LongTermReside, FilingType.LongTermWork, FilingType.LongTermReside)]
    [InlineData(FilingCategory.LongTermWork, FilingType.TemporaryReferral, FilingType.LongTermWork)]
    [InlineData(FilingCategory.TemporaryReferral, FilingType.TemporaryOther, FilingType.TemporaryEmergency,
        FilingType.TemporaryReferral)]
    [InlineData(FilingCategory.TemporaryEmergency, FilingType.TemporaryOther, FilingType.TemporaryEmergency)]
    public void Decide_EqualReductions_TieGoesByTheOrderLtRetireToTmpOther(
        FilingCategory expected, params FilingType[] types)
    {
        // Every reduction equal, so only the tie order decides; the filings are listed in reverse order.
        var settings = new RegionSettings
        {
            ReductionReferral = R(0m), ReductionEmergency = R(0m), ReductionOther = R(0m),
        };
        var person = Filed([.. types.Select(t => Filing(t, Shanghai))]);

        Assert.Equal(expected, CategoryOf(person, QingpuHospital, Snapshot(settings)));
    }

    [Fact]
    public void Decide_EmergencyWithoutFilingUnderReject_IsTemporaryEmergency()
    {
        var (status, terms) = Decide(Person(PsnNo), QingpuHospital, Snapshot(Reject), emergency: true);

        Assert.Equal(SettlementStatus.Ok, status);
        Assert.Equal(FilingCategory.TemporaryEmergency, terms!.Category);
        Assert.Equal(R(0.10m), terms.Reduction);
    }

    [Fact]
    public void Decide_EmergencyAndLongTermFiling_LongTermHasTheSmallerReduction()
    {
        var person = Filed(Filing(FilingType.LongTermReside, Shanghai));

        Assert.Equal(FilingCategory.LongTermReside, CategoryOf(person, QingpuHospital, emergency: true));
    }

    [Fact]
    public void Decide_EmergencyAndTemporaryOtherFiling_EmergencyHasTheSmallerReduction()
    {
        var person = Filed(Filing(FilingType.TemporaryOther, Shanghai));

        Assert.Equal(FilingCategory.TemporaryEmergency, CategoryOf(person, QingpuHospital, emergency: true));
        Assert.Equal(FilingCategory.TemporaryOther, CategoryOf(person, QingpuHospital, emergency: false));
    }

    [Fact]
    public void Decide_NoCandidateUnderReject_ReturnsNoValidFiling()
    {
        Assert.Equal(SettlementStatus.NoValidFiling, Decide(Person(PsnNo), QingpuHospital, Snapshot(Reject)).Status);
    }

    [Fact]
    public void Decide_NoCandidateUnderTreatAsTemporary_IsTemporaryOtherWithItsReduction()
    {
        var (status, terms) = Decide(Person(PsnNo), QingpuHospital);

        Assert.Equal(SettlementStatus.Ok, status);
        Assert.Equal(FilingCategory.TemporaryOther, terms!.Category);
        Assert.Equal(R(0.20m), terms.Reduction);
        Assert.Equal(ReductionMode.RatioPoints, terms.ReductionMode);
    }

    [Fact]
    public void Decide_ExpiredFiling_IsNoCandidate()
    {
        var person = Filed(Filing(FilingType.LongTermReside, Shanghai, Day(2024, 1, 1), Day(2025, 3, 9)));

        Assert.Equal(SettlementStatus.NoValidFiling, Decide(person, QingpuHospital, Snapshot(Reject)).Status);
    }

    // Step 3: chronic/special disease.

    [Fact]
    public void Decide_ChronicWithoutQualification_ReturnsNoChronicQualification()
    {
        var (status, _) = Decide(Person(PsnNo), LocalHospital, medType: MedType.Chronic, disease: Diabetes);

        Assert.Equal(SettlementStatus.NoChronicQualification, status);
    }

    [Theory]
    [InlineData(Hypertension, 2025, 1, 1, null)]         // another disease
    [InlineData(Diabetes, 2025, 1, 1, "2025-03-09")]     // expired the day before
    [InlineData(Diabetes, 2025, 3, 11, null)]            // starts the day after
    public void Decide_QualificationNotValidForDiseaseOnDate_ReturnsNoChronicQualification(
        string disease, int fromYear, int fromMonth, int fromDay, string? to)
    {
        var person = Person(PsnNo, chronic:
            [Qualification(disease, Day(fromYear, fromMonth, fromDay), to is null ? null : DateOnly.Parse(to,
                System.Globalization.CultureInfo.InvariantCulture))]);

        var (status, _) = Decide(person, LocalHospital, medType: MedType.Chronic, disease: Diabetes);

        Assert.Equal(SettlementStatus.NoChronicQualification, status);
    }

    [Fact]
    public void Decide_ChronicLocalAtNonDesignatedInstitution_IsAllowed()
    {
        var person = Person(PsnNo, chronic: [Qualification(Diabetes, to: Day(2025, 3, 10))]);

        var (status, terms) = Decide(person, LocalHospital, medType: MedType.Chronic, disease: Diabetes);

        Assert.Equal(SettlementStatus.Ok, status);
        Assert.Equal(FilingCategory.Local, terms!.Category);
        Assert.Equal("OPSP:" + Diabetes, terms.Bucket);
        Assert.Equal(R(0.85m), terms.Ratio);
        Assert.Equal(Yuan(0m), terms.Deductible);
        Assert.Equal(Yuan(4000m), terms.AnnualCap);
    }

    [Fact]
    public void Decide_ChronicInProvinceAtNonDesignatedInstitution_ReturnsNotDesignated()
    {
        var person = Person(PsnNo, chronic: [Qualification(Diabetes)]);

        var (status, _) = Decide(person, JiujiangHospital, medType: MedType.Chronic, disease: Diabetes);

        Assert.Equal(SettlementStatus.InstitutionNotDesignated, status);
    }

    [Fact]
    public void Decide_ChronicWithFilingAtNonDesignatedCrossProvince_ReturnsNotDesignated()
    {
        var person = Person(PsnNo, filings: [Filing(FilingType.LongTermReside, Jiangsu)],
            chronic: [Qualification(Diabetes)]);

        var (status, _) = Decide(person, SuzhouHospital, medType: MedType.Chronic, disease: Diabetes);

        Assert.Equal(SettlementStatus.InstitutionNotDesignated, status);
    }

    [Fact]
    public void Decide_ChronicWithoutQualificationAtNonDesignated_QualificationIsCheckedFirst()
    {
        var (status, _) = Decide(Person(PsnNo), JiujiangHospital, medType: MedType.Chronic, disease: Diabetes);

        Assert.Equal(SettlementStatus.NoChronicQualification, status);
    }

    [Fact]
    public void Decide_ChronicAtDesignatedCrossProvince_UsesTheDiseaseRuleAndBucket()
    {
        var person = Person(PsnNo, filings: [Filing(FilingType.LongTermReside, Shanghai)],
            chronic: [Qualification(Diabetes)]);

        var (status, terms) = Decide(person, QingpuHospital, medType: MedType.Chronic, disease: Diabetes);

        Assert.Equal(SettlementStatus.Ok, status);
        Assert.Equal(FilingCategory.LongTermReside, terms!.Category);
        Assert.Equal("OPSP:M01600", terms.Bucket);
        Assert.Equal(R(0.85m), terms.Ratio);
    }

    // Step 4: the benefit rule.

    [Fact]
    public void Decide_RegistrationBeforeEveryRule_ReturnsNoPolicy()
    {
        Assert.Equal(SettlementStatus.NoPolicy, Decide(Person(PsnNo), LocalHospital, date: Day(2023, 12, 31)).Status);
    }

    [Fact]
    public void Decide_OnlyRuleEndedInThePast_ReturnsNoPolicy()
    {
        var reference = Snapshot(policies: [Rule(to: Day(2025, 3, 9))]);

        Assert.Equal(SettlementStatus.NoPolicy, Decide(Person(PsnNo), LocalHospital, reference).Status);
        Assert.Equal(SettlementStatus.Ok,
            Decide(Person(PsnNo), LocalHospital, reference, date: Day(2025, 3, 9)).Status);
    }

    [Fact]
    public void Decide_ChronicDiseaseWithoutRule_ReturnsNoPolicy()
    {
        var person = Person(PsnNo, chronic: [Qualification(Hypertension)]);

        var (status, _) = Decide(person, LocalHospital, medType: MedType.Chronic, disease: Hypertension);

        Assert.Equal(SettlementStatus.NoPolicy, status);
    }

    [Fact]
    public void Decide_RuleWithoutRatioForTheLevel_ReturnsNoPolicy()
    {
        var reference = Snapshot(policies: [Rule(level3: null)]);

        Assert.Equal(SettlementStatus.NoPolicy, Decide(Person(PsnNo), LocalHospital, reference).Status);
    }

    [Fact]
    public void Decide_NoValidFilingAndNoPolicy_FilingIsCheckedFirst()
    {
        var reference = Snapshot(Reject, policies: []);

        Assert.Equal(SettlementStatus.NoValidFiling, Decide(Person(PsnNo), QingpuHospital, reference).Status);
    }

    [Theory]
    [InlineData(LocalClinic, 0.65)]
    [InlineData(CityHospital, 0.60)]
    [InlineData(LocalHospital, 0.55)]
    public void Decide_InstitutionLevel_SelectsTheRatio(string institution, double ratio)
    {
        var (_, terms) = Decide(Person(PsnNo), institution);

        Assert.Equal(R((decimal)ratio), terms!.Ratio);
    }

    [Fact]
    public void Decide_RetiredEmployee_GetsTheRetiredRule()
    {
        var (_, terms) = Decide(Person(PsnNo, group: PersonGroup.Retired), LocalHospital);

        Assert.Equal(R(0.60m), terms!.Ratio);
        Assert.Equal(Yuan(3000m), terms.AnnualCap);
    }

    [Fact]
    public void Decide_LocalEmployee_TermsCarryTheRuleAndNoReduction()
    {
        var (_, terms) = Decide(Person(PsnNo), LocalHospital);

        Assert.Equal(new VisitTerms(FilingCategory.Local, "GEN_OTP", Yuan(300m), R(0.55m), Yuan(2000m), R(0m),
            ReductionMode.RatioPoints, R(0m), MayUseAccount: true), terms);
    }

    [Fact]
    public void Decide_CivilServant_EmployeesGetTheRegionRatioResidentsNever()
    {
        var employee = Person(PsnNo, civilServant: true);
        var resident = Person("36010000000000000003", insuranceType: InsuranceType.Resident,
            group: PersonGroup.Resident, civilServant: true);

        var (_, employeeTerms) = Decide(employee, LocalHospital);
        var (_, residentTerms) = Decide(resident, LocalHospital);
        var noSupplement = Snapshot(new RegionSettings { CivilServantRatio = R(0m) });
        var (_, switchedOff) = Decide(employee, LocalHospital, noSupplement);

        Assert.Equal(R(0.20m), employeeTerms!.CivilServantRatio);
        Assert.Equal(R(0m), residentTerms!.CivilServantRatio);
        Assert.False(residentTerms.MayUseAccount);
        Assert.Equal(R(0.50m), residentTerms.Ratio);
        Assert.Equal(R(0m), switchedOff!.CivilServantRatio);
    }

    [Fact]
    public void Decide_ExtraPreSelfPayRegion_TermsCarryModeAndReduction()
    {
        var settings = new RegionSettings { ReductionMode = ReductionMode.ExtraPreSelfPay };

        var (_, terms) = Decide(Person(PsnNo), QingpuHospital, Snapshot(settings));

        Assert.Equal(ReductionMode.ExtraPreSelfPay, terms!.ReductionMode);
        Assert.Equal(R(0.20m), terms.Reduction);
        Assert.Equal(R(0.55m), terms.Ratio);
    }
}
