using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Reference;
using Engine.Settlement;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Settlement;

/// <summary>rules.md §3: the choice of the benefit rule.</summary>
public sealed class BenefitRulesTests
{
    private static readonly PersonProfile Active = Person("36010000000000000001");
    private static readonly PersonProfile Retired = Person("36010000000000000002", group: PersonGroup.Retired);

    [Fact]
    public void Select_ExactGroupAndAny_ExactGroupWinsEvenWhenListedSecond()
    {
        var any = Rule(group: PersonGroup.Any, deductible: 500m);
        var exact = Rule(group: PersonGroup.Active, deductible: 300m);

        var chosen = BenefitRules.Select([any, exact], Active, MedType.General, null, Day(2025, 3, 10));

        Assert.Same(exact, chosen);
    }

    [Fact]
    public void Select_OnlyOtherGroupAndAny_FallsBackToAny()
    {
        var any = Rule(group: PersonGroup.Any, deductible: 500m);
        var active = Rule(group: PersonGroup.Active);

        Assert.Same(any, BenefitRules.Select([active, any], Retired, MedType.General, null, Day(2025, 3, 10)));
    }

    [Fact]
    public void Select_TwoRulesOfEqualSpecificity_FirstInReferenceDataWins()
    {
        var first = Rule(deductible: 100m);
        var second = Rule(deductible: 200m, from: Day(2025, 1, 1));

        Assert.Same(first, BenefitRules.Select([first, second], Active, MedType.General, null, Day(2025, 3, 10)));

        var firstAny = Rule(group: PersonGroup.Any, deductible: 100m);
        var secondAny = Rule(group: PersonGroup.Any, deductible: 200m);
        Assert.Same(firstAny,
            BenefitRules.Select([firstAny, secondAny], Active, MedType.General, null, Day(2025, 3, 10)));
    }

    [Theory]
    [InlineData(2025, 1, 1, true)]   // effectiveFrom, inclusive
    [InlineData(2025, 6, 30, true)]  // effectiveTo, inclusive
    [InlineData(2024, 12, 31, false)]
    [InlineData(2025, 7, 1, false)]
    public void Select_EffectiveWindow_IsInclusiveAtBothEnds(int year, int month, int day, bool inForce)
    {
        var rule = Rule(from: Day(2025, 1, 1), to: Day(2025, 6, 30));

        var chosen = BenefitRules.Select([rule], Active, MedType.General, null, Day(year, month, day));

        Assert.Equal(inForce, chosen is not null);
    }

    [Fact]
    public void Select_RuleVersions_PicksTheOneInForceOnTheDate()
    {
        var old = Rule(to: Day(2024, 12, 31), deductible: 200m);
        var current = Rule(from: Day(2025, 1, 1), deductible: 300m);
        ImmutableArray<BenefitRule> rules = [old, current];

        Assert.Same(old, BenefitRules.Select(rules, Active, MedType.General, null, Day(2024, 12, 31)));
        Assert.Same(current, BenefitRules.Select(rules, Active, MedType.General, null, Day(2025, 1, 1)));
    }

    [Fact]
    public void Select_ExactGroupOutOfForce_FallsBackToAnyInForce()
    {
        var expiredExact = Rule(to: Day(2024, 12, 31));
        var any = Rule(group: PersonGroup.Any);

        Assert.Same(any, BenefitRules.Select([expiredExact, any], Active, MedType.General, null, Day(2025, 3, 10)));
    }

    [Fact]
    public void Select_Chronic_MatchesTheDisease()
    {
        var diabetes = Rule(medType: MedType.Chronic, disease: Diabetes, group: PersonGroup.Any);
        var hypertension = Rule(medType: MedType.Chronic, disease: Hypertension, group: PersonGroup.Any);
        ImmutableArray<BenefitRule> rules = [diabetes, hypertension];

        Assert.Same(hypertension, BenefitRules.Select(rules, Active, MedType.Chronic, Hypertension, Day(2025, 3, 10)));
        Assert.Null(BenefitRules.Select(rules, Active, MedType.Chronic, "M99999", Day(2025, 3, 10)));
        Assert.Null(BenefitRules.Select(rules, Active, MedType.General, null, Day(2025, 3, 10)));
    }

    [Fact]
    public void Select_OtherInsuranceType_IsNotChosen()
    {
        var resident = Rule(insuranceType: InsuranceType.Resident, group: PersonGroup.Any);

        Assert.Null(BenefitRules.Select([resident], Active, MedType.General, null, Day(2025, 3, 10)));
    }

    [Fact]
    public void RatioForLevel_EachLevel_GivesItsRatio()
    {
        var rule = Rule(level1: 0.65m, level2: 0.60m, level3: null);

        Assert.Equal(R(0.65m), rule.RatioForLevel(1));
        Assert.Equal(R(0.60m), rule.RatioForLevel(2));
        Assert.Null(rule.RatioForLevel(3));
        Assert.Null(rule.RatioForLevel(4));
    }
}
