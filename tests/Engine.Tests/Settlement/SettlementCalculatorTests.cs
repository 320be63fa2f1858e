using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Settlement;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Settlement;

/// <summary>rules.md §4 steps 2b to 8, every expected figure computed by hand.</summary>
public sealed class SettlementCalculatorTests
{
    /// <summary>scenario-format.md §4: 402.45 with 40.00 丙类, 16.25 first self-pay, 346.20 in scope.</summary>
    private static readonly LineTotals Example = new(Yuan(402.45m), Yuan(40m), Yuan(0m), Yuan(16.25m), Yuan(346.20m));

    private static VisitTerms Terms(
        decimal deductible = 300m,
        decimal ratio = 0.55m,
        decimal? cap = 2000m,
        decimal reduction = 0m,
        ReductionMode mode = ReductionMode.RatioPoints,
        decimal civilServant = 0m,
        bool mayUseAccount = true,
        FilingCategory category = FilingCategory.Local) =>
        new(category, VisitTerms.GeneralBucket, Yuan(deductible), R(ratio), cap is { } c ? Yuan(c) : null,
            R(reduction), mode, R(civilServant), mayUseAccount);

    private static LineTotals InScopeOnly(decimal amount) =>
        new(Yuan(amount), Yuan(0m), Yuan(0m), Yuan(0m), Yuan(amount));

    private static AccumulatorTotals Used(decimal deductible = 0m, decimal fund = 0m) =>
        new(Yuan(deductible), Yuan(fund), Money.Zero);

    private static SettlementFigures Calculate(
        VisitTerms terms, LineTotals lines, AccumulatorTotals used = default, decimal balance = 0m,
        bool useAccount = false, int year = 2025)
    {
        var figures = SettlementCalculator.Calculate(terms, lines, used, Yuan(balance), useAccount, year);
        AssertIdentities(figures, terms, used);
        return figures;
    }

    /// <summary>rules.md §6, checked independently of the engine's own assertion.</summary>
    private static void AssertIdentities(SettlementFigures f, VisitTerms terms, AccumulatorTotals used)
    {
        Assert.Equal(f.MedfeeSumamt, f.FulamtOwnpayAmt + f.OverlmtSelfpay + f.PreselfpayAmt + f.InscpScpAmt);
        Assert.Equal(f.MedfeeSumamt, f.FundPaySumamt + f.PsnPartAmt);
        Assert.Equal(f.PsnPartAmt, f.AcctPay + f.PsnCashPay);
        Assert.Equal(f.FundPaySumamt, f.HifpPay + f.CvlservPay);
        Assert.True(f.ActPayDedc >= Money.Zero && f.ActPayDedc <= f.InscpScpAmt);
        Assert.True(f.HifpPay >= Money.Zero);
        if (terms.AnnualCap is { } cap && used.FundPaid <= cap) Assert.True(used.FundPaid + f.HifpPay <= cap);
    }

    [Fact]
    public void Calculate_DeductiblePartlyUsed_ChargesTheRestThenPaysTheRatio()
    {
        // D − Du = 300 − 184 = 116; raw = R((346.20 − 116) × 0.55) = R(126.61) = 126.61.
        var f = Calculate(Terms(), Example, Used(deductible: 184m));

        Assert.Equal(Yuan(116m), f.ActPayDedc);
        Assert.Equal(Yuan(126.61m), f.HifpPay);
        Assert.Equal(Yuan(0m), f.CvlservPay);
        Assert.Equal(Yuan(126.61m), f.FundPaySumamt);
        Assert.Equal(Yuan(275.84m), f.PsnPartAmt);
        Assert.Equal(Yuan(275.84m), f.PsnCashPay);
        Assert.Equal(R(0.55m), f.PoolPropSelfpay);
        Assert.Equal(Yuan(402.45m), f.MedfeeSumamt);
        Assert.Equal(Yuan(40m), f.FulamtOwnpayAmt);
        Assert.Equal(Yuan(16.25m), f.PreselfpayAmt);
        Assert.Equal(Yuan(346.20m), f.InscpScpAmt);
        Assert.Equal(2025, f.Year);
        Assert.Equal(FilingCategory.Local, f.FilingCategory);
    }

    [Fact]
    public void Calculate_DeductibleFullyUsed_ChargesNoDeductible()
    {
        var f = Calculate(Terms(ratio: 0.60m), InScopeOnly(100m), Used(deductible: 300m));

        Assert.Equal(Yuan(0m), f.ActPayDedc);
        Assert.Equal(Yuan(60m), f.HifpPay);
        Assert.Equal(Yuan(40m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_InScopeBelowOpenDeductible_ChargesAllInScopeAndPaysNothing()
    {
        var f = Calculate(Terms(), InScopeOnly(50m));

        Assert.Equal(Yuan(50m), f.ActPayDedc);
        Assert.Equal(Yuan(0m), f.HifpPay);
        Assert.Equal(Yuan(50m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_DeductibleUsedAboveDeductible_OpenDeductibleIsZeroNotNegative()
    {
        // A seeded Du above the new rule's D leaves max(0, D − Du) = 0.
        var f = Calculate(Terms(deductible: 100m, ratio: 0.50m), InScopeOnly(10m), Used(deductible: 300m));

        Assert.Equal(Yuan(0m), f.ActPayDedc);
        Assert.Equal(Yuan(5m), f.HifpPay);
    }

    [Fact]
    public void Calculate_CapReachedMidVisit_PaysOnlyTheRoomLeft()
    {
        // raw = 1000 × 0.55 = 550; room = 2000 − 1950 = 50.
        var f = Calculate(Terms(deductible: 0m), InScopeOnly(1000m), Used(fund: 1950m));

        Assert.Equal(Yuan(50m), f.HifpPay);
        Assert.Equal(Yuan(950m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_CapAlreadyExceeded_RoomIsZero()
    {
        // A seeded Fu of 2100 above C = 2000: room = max(0, −100) = 0.
        var f = Calculate(Terms(deductible: 0m), InScopeOnly(100m), Used(fund: 2100m));

        Assert.Equal(Yuan(0m), f.HifpPay);
        Assert.Equal(Yuan(100m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_CapExactlyReached_RoomIsZero()
    {
        var f = Calculate(Terms(deductible: 0m), InScopeOnly(100m), Used(fund: 2000m));

        Assert.Equal(Yuan(0m), f.HifpPay);
    }

    [Fact]
    public void Calculate_NoCap_PaysTheWholeRawShare()
    {
        var f = Calculate(Terms(deductible: 0m, ratio: 0.70m, cap: null), InScopeOnly(100m), Used(fund: 1_000_000m));

        Assert.Equal(Yuan(70m), f.HifpPay);
    }

    [Fact]
    public void Calculate_RawShareTie_RoundsHalfAwayFromZero()
    {
        // 0.10 × 0.55 = 0.055 → 0.06.
        var f = Calculate(Terms(deductible: 0m), InScopeOnly(0.10m));

        Assert.Equal(Yuan(0.06m), f.HifpPay);
        Assert.Equal(Yuan(0.04m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_RatioPointsReduction_LowersTheRatio()
    {
        var f = Calculate(Terms(deductible: 0m, reduction: 0.20m, category: FilingCategory.TemporaryOther),
            InScopeOnly(100m));

        Assert.Equal(R(0.35m), f.PoolPropSelfpay);
        Assert.Equal(Yuan(35m), f.HifpPay);
        Assert.Equal(Yuan(100m), f.InscpScpAmt);
        Assert.Equal(Yuan(0m), f.PreselfpayAmt);
        Assert.Equal(FilingCategory.TemporaryOther, f.FilingCategory);
    }

    [Fact]
    public void Calculate_RatioPointsReductionAboveRatio_FloorsAtZero()
    {
        var f = Calculate(Terms(deductible: 0m, ratio: 0.15m, reduction: 0.20m), InScopeOnly(100m));

        Assert.Equal(R(0m), f.PoolPropSelfpay);
        Assert.Equal(Yuan(0m), f.HifpPay);
        Assert.Equal(Yuan(100m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_ExtraPreSelfPay_MovesARoundedShareFromInScopeToPreSelfPay()
    {
        // x = R(123.45 × 0.10) = R(12.345) = 12.35; inscp = 111.10; pre = 10.00 + 12.35; ratio stays 0.60.
        var lines = new LineTotals(Yuan(133.45m), Yuan(0m), Yuan(0m), Yuan(10m), Yuan(123.45m));

        var f = Calculate(Terms(deductible: 0m, ratio: 0.60m, reduction: 0.10m, mode: ReductionMode.ExtraPreSelfPay),
            lines);

        Assert.Equal(Yuan(22.35m), f.PreselfpayAmt);
        Assert.Equal(Yuan(111.10m), f.InscpScpAmt);
        Assert.Equal(R(0.60m), f.PoolPropSelfpay);
        Assert.Equal(Yuan(66.66m), f.HifpPay);
        Assert.Equal(Yuan(66.79m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_ExtraPreSelfPay_DeductibleAppliesToTheReducedInScope()
    {
        // x = 250 × 0.20 = 50; inscp = 200 < D − Du = 300, so the deductible takes all 200.
        var f = Calculate(Terms(reduction: 0.20m, mode: ReductionMode.ExtraPreSelfPay), InScopeOnly(250m));

        Assert.Equal(Yuan(200m), f.InscpScpAmt);
        Assert.Equal(Yuan(200m), f.ActPayDedc);
        Assert.Equal(Yuan(50m), f.PreselfpayAmt);
        Assert.Equal(Yuan(0m), f.HifpPay);
    }

    [Fact]
    public void Calculate_ExtraPreSelfPayWithoutReduction_ChangesNothing()
    {
        var f = Calculate(Terms(deductible: 0m, mode: ReductionMode.ExtraPreSelfPay), InScopeOnly(100m));

        Assert.Equal(Yuan(0m), f.PreselfpayAmt);
        Assert.Equal(Yuan(100m), f.InscpScpAmt);
        Assert.Equal(Yuan(55m), f.HifpPay);
    }

    [Fact]
    public void Calculate_CivilServant_SupplementsTheInScopePartTheFundLeft()
    {
        // cvl = R((346.20 − 126.61) × 0.20) = R(43.918) = 43.92; fund = 170.53; psn = 231.92.
        var f = Calculate(Terms(civilServant: 0.20m), Example, Used(deductible: 184m));

        Assert.Equal(Yuan(126.61m), f.HifpPay);
        Assert.Equal(Yuan(43.92m), f.CvlservPay);
        Assert.Equal(Yuan(170.53m), f.FundPaySumamt);
        Assert.Equal(Yuan(231.92m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_CivilServantWhenCapIsUsedUp_SupplementsTheWholeInScope()
    {
        // hifp = 0 (room 0), so cvl = R(100 × 0.20) = 20.
        var f = Calculate(Terms(deductible: 0m, civilServant: 0.20m), InScopeOnly(100m), Used(fund: 2000m));

        Assert.Equal(Yuan(0m), f.HifpPay);
        Assert.Equal(Yuan(20m), f.CvlservPay);
        Assert.Equal(Yuan(80m), f.PsnPartAmt);
    }

    [Fact]
    public void Calculate_EmployeeUsingAccount_PaysThePersonalPartFromTheBalance()
    {
        var f = Calculate(Terms(), Example, Used(deductible: 184m), balance: 500m, useAccount: true);

        Assert.Equal(Yuan(275.84m), f.AcctPay);
        Assert.Equal(Yuan(0m), f.PsnCashPay);
        Assert.Equal(Yuan(224.16m), f.Balc);
    }

    [Fact]
    public void Calculate_BalanceSmallerThanPersonalPart_PaysTheBalanceAndTheRestInCash()
    {
        var f = Calculate(Terms(), Example, Used(deductible: 184m), balance: 100m, useAccount: true);

        Assert.Equal(Yuan(100m), f.AcctPay);
        Assert.Equal(Yuan(175.84m), f.PsnCashPay);
        Assert.Equal(Yuan(0m), f.Balc);
    }

    [Fact]
    public void Calculate_EmployeeNotUsingAccount_KeepsTheBalance()
    {
        var f = Calculate(Terms(), Example, Used(deductible: 184m), balance: 500m, useAccount: false);

        Assert.Equal(Yuan(0m), f.AcctPay);
        Assert.Equal(Yuan(275.84m), f.PsnCashPay);
        Assert.Equal(Yuan(500m), f.Balc);
    }

    [Fact]
    public void Calculate_ResidentAskingForAccount_PaysNothingFromAccount()
    {
        var f = Calculate(Terms(mayUseAccount: false), Example, Used(deductible: 184m), balance: 50m, useAccount: true);

        Assert.Equal(Yuan(0m), f.AcctPay);
        Assert.Equal(Yuan(275.84m), f.PsnCashPay);
        Assert.Equal(Yuan(50m), f.Balc);
    }

    [Fact]
    public void Calculate_OnlyFullyOwnPaidLines_FundPaysNothing()
    {
        var lines = new LineTotals(Yuan(40m), Yuan(30m), Yuan(10m), Yuan(0m), Yuan(0m));

        var f = Calculate(Terms(deductible: 0m), lines, balance: 15m, useAccount: true);

        Assert.Equal(Yuan(0m), f.HifpPay);
        Assert.Equal(Yuan(40m), f.PsnPartAmt);
        Assert.Equal(Yuan(15m), f.AcctPay);
        Assert.Equal(Yuan(25m), f.PsnCashPay);
        Assert.Equal(Yuan(10m), f.OverlmtSelfpay);
    }

    [Fact]
    public void Calculate_InconsistentLineTotals_ThrowsInvariantViolation()
    {
        // In scope larger than the medical fee breaks identity 1: a bug upstream, never a business outcome.
        var impossible = new LineTotals(Yuan(10m), Yuan(0m), Yuan(0m), Yuan(0m), Yuan(20m));

        Assert.Throws<InvariantViolationException>(() =>
            SettlementCalculator.Calculate(Terms(), impossible, default, Money.Zero, false, 2025));
    }

    [Fact]
    public void Calculate_NegativeBalance_ThrowsInvariantViolation()
    {
        Assert.Throws<InvariantViolationException>(() =>
            SettlementCalculator.Calculate(Terms(), InScopeOnly(10m), default, Yuan(-1m), true, 2025));
    }

    [Fact]
    public void AssertIdentities_FiguresThatDoNotAddUp_ThrowsInvariantViolation()
    {
        var good = SettlementCalculator.Calculate(Terms(), Example, Used(deductible: 184m), Money.Zero, false, 2025);
        var broken = good with { PsnCashPay = good.PsnCashPay + Money.FromFen(1) };

        Assert.Throws<InvariantViolationException>(() =>
            SettlementCalculator.AssertIdentities(broken, Terms(), Used(deductible: 184m)));
    }
}
