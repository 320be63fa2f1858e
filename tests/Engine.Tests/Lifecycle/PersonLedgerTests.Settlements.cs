using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using static Engine.Tests.Lifecycle.TestEngine;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Lifecycle;

/// <summary>2206, 2207 and 2208 (rules.md §4, §5, §7). 东湖医院 is level 3: D 300, r 0.55, C 2000 for employees.</summary>
public sealed partial class PersonLedgerTests
{
    [Fact]
    public async Task Settle_FirstVisitWithAccount_CommitsDeductibleFundAndAccount()
    {
        // 500 in scope: dedc 300; hifp R(200 × 0.55) = 110; psn 390, all from the 500 balance.
        using var engine = new TestEngine();

        var (_, settle) = await engine.SettledVisitAsync("A", 500m, useAccount: true);

        Assert.StartsWith(Employee + "-S", settle.SettlementId, StringComparison.Ordinal);
        var expected = new SettlementFigures
        {
            MedfeeSumamt = Yuan(500m), FulamtOwnpayAmt = Yuan(0m), OverlmtSelfpay = Yuan(0m), PreselfpayAmt = Yuan(0m),
            InscpScpAmt = Yuan(500m), ActPayDedc = Yuan(300m), PoolPropSelfpay = R(0.55m), HifpPay = Yuan(110m),
            CvlservPay = Yuan(0m), FundPaySumamt = Yuan(110m), PsnPartAmt = Yuan(390m), AcctPay = Yuan(390m),
            PsnCashPay = Yuan(0m), Balc = Yuan(110m), FilingCategory = FilingCategory.Local, Year = 2025,
        };
        Assert.Equal(expected, settle.Settlement);
        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(110m), person.AccountBalance);
        Assert.Equal(Gen(300m, 110m), Assert.Single(person.Accumulators));
    }

    [Fact]
    public async Task Settle_SecondVisitAfterDeductible_PaysTheRatioOnEverything()
    {
        using var engine = new TestEngine();
        await engine.SettledVisitAsync("A", 500m);

        var (_, settle) = await engine.SettledVisitAsync("B", 300m);

        Assert.Equal(Yuan(0m), settle.Settlement!.ActPayDedc);
        Assert.Equal(Yuan(165m), settle.Settlement.HifpPay);
        Assert.Equal(Gen(300m, 275m), await engine.BucketAsync());
    }

    [Fact]
    public async Task Settle_WithoutFees_ReturnsNoFees()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");

        Assert.Equal(SettlementStatus.NoFees, (await engine.SettleAsync("S1", visitId)).Status);
        Assert.Equal(SettlementStatus.NoFees, (await engine.PreSettleAsync(visitId)).Status);
    }

    [Fact]
    public async Task Settle_SettledVisit_ReturnsVisitNotOpen()
    {
        using var engine = new TestEngine();
        var (visitId, _) = await engine.SettledVisitAsync("A", 100m);

        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.SettleAsync("S2", visitId)).Status);
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.PreSettleAsync(visitId)).Status);
    }

    [Fact]
    public async Task Settle_CancelledVisitWithoutFees_VisitNotOpenBeforeNoFees()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.CancelRegistrationAsync("X1", visitId);

        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.SettleAsync("S1", visitId)).Status);
    }

    [Fact]
    public async Task PreSettle_WithAccount_ComputesLikeASettlementButChangesNothing()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 500m);

        var preSettle = await engine.PreSettleAsync(visitId, useAccount: true);

        Assert.Equal(SettlementStatus.Ok, preSettle.Status);
        Assert.Null(preSettle.SettlementId);
        Assert.Equal(Yuan(390m), preSettle.Settlement!.AcctPay);
        Assert.Equal(Yuan(110m), preSettle.Settlement.Balc);
        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(500m), person.AccountBalance);
        Assert.Empty(person.Accumulators);
        Assert.Equal(preSettle.Settlement, (await engine.SettleAsync("S1", visitId, useAccount: true)).Settlement);
    }

    [Fact]
    public async Task Settle_AfterAPreSettlement_RecomputesAgainstTheCurrentAccumulators()
    {
        using var engine = new TestEngine();
        var first = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", first, "B1", 500m);
        var preSettle = await engine.PreSettleAsync(first);
        await engine.SettledVisitAsync("B", 300m); // Uses the whole deductible: 300 in scope, hifp 0.

        var settle = await engine.SettleAsync("S1", first);

        Assert.Equal(Yuan(300m), preSettle.Settlement!.ActPayDedc);
        Assert.Equal(Yuan(0m), settle.Settlement!.ActPayDedc);
        Assert.Equal(Yuan(275m), settle.Settlement.HifpPay);
    }

    [Fact]
    public async Task Settle_Retransmission_ReturnsTheStoredReplyWithoutASecondEffect()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m, useAccount: true);

        var again = await engine.SettleAsync("AS", visitId, useAccount: true);

        Assert.Equal(SettlementStatus.Ok, again.Status);
        Assert.Equal(settle.SettlementId, again.SettlementId);
        Assert.Equal(settle.Settlement, again.Settlement);
        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(110m), person.AccountBalance);
        Assert.Equal(Gen(300m, 110m), Assert.Single(person.Accumulators));
    }

    [Fact]
    public async Task Settle_Resident_NeverPaysFromAnAccount()
    {
        // Resident rule at level 3: D 100, r 0.50: dedc 100, hifp R(400 × 0.50) = 200, psn 300 in cash.
        using var engine = new TestEngine();

        var (_, settle) = await engine.SettledVisitAsync("A", 500m, useAccount: true, psnNo: Resident);

        Assert.Equal(Yuan(100m), settle.Settlement!.ActPayDedc);
        Assert.Equal(Yuan(200m), settle.Settlement.HifpPay);
        Assert.Equal(Yuan(0m), settle.Settlement.AcctPay);
        Assert.Equal(Yuan(300m), settle.Settlement.PsnCashPay);
        Assert.Equal(Yuan(0m), settle.Settlement.CvlservPay);
    }

    [Fact]
    public async Task Settle_CivilServantEmployee_GetsTheSupplementIntoItsOwnTotal()
    {
        // hifp 110; cvl = R((500 − 110) × 0.20) = 78; fund 188; psn 312.
        using var engine = new TestEngine();

        var (_, settle) = await engine.SettledVisitAsync("A", 500m, psnNo: CivilServant);

        Assert.Equal(Yuan(78m), settle.Settlement!.CvlservPay);
        Assert.Equal(Yuan(188m), settle.Settlement.FundPaySumamt);
        Assert.Equal(Yuan(312m), settle.Settlement.PsnPartAmt);
        Assert.Equal(Gen(300m, 110m, 78m), await engine.BucketAsync(CivilServant));
    }

    [Fact]
    public async Task Settle_ChronicVisit_UsesTheDiseaseBucketNextToGeneralOutpatient()
    {
        // medType 14 diabetes at level 3: D 0, r 0.85: 100 → 85.
        using var engine = new TestEngine();
        await engine.SettledVisitAsync("A", 500m, psnNo: Chronic);
        var visitId = await engine.OpenVisitAsync("R2", Chronic, medType: MedType.Chronic, disease: Diabetes);
        await engine.UploadAsync("U2", visitId, "B1", 100m);

        var settle = await engine.SettleAsync("S2", visitId);

        Assert.Equal(Yuan(85m), settle.Settlement!.HifpPay);
        var person = await engine.PersonInfoAsync(Chronic);
        Assert.Equal(
            new AccumulatorFigures[]
            {
                new(2025, "GEN_OTP", Yuan(300m), Yuan(110m), Yuan(0m)),
                new(2025, "OPSP:M01600", Yuan(0m), Yuan(85m), Yuan(0m)),
            },
            person.Accumulators.ToArray());
    }

    [Fact]
    public async Task Settle_RegisteredInDecemberSettledInJanuary_CountsInTheSettlementYear()
    {
        using var engine = new TestEngine();

        var (_, settle) = await engine.SettledVisitAsync(
            "A", 500m, psnNo: Seeded, at: new DateTime(2024, 12, 31, 20, 0, 0));
        var visitId = await engine.OpenVisitAsync("R2", Seeded, at: new DateTime(2024, 12, 31, 21, 0, 0));
        await engine.UploadAsync("U2", visitId, "B1", 500m);
        var january = await engine.SettleAsync("S2", visitId, at: new DateTime(2025, 1, 2, 9, 0, 0));

        // December: the seeded 2024 deductible is used up, so 500 × 0.55 = 275. January: a new year starts at zero.
        Assert.Equal(2024, settle.Settlement!.Year);
        Assert.Equal(Yuan(0m), settle.Settlement.ActPayDedc);
        Assert.Equal(Yuan(275m), settle.Settlement.HifpPay);
        Assert.Equal(2025, january.Settlement!.Year);
        Assert.Equal(Yuan(300m), january.Settlement.ActPayDedc);
        Assert.Equal(Yuan(110m), january.Settlement.HifpPay);
        Assert.Equal(Gen(300m, 275m, 0m, year: 2024), await engine.BucketAsync(Seeded, 2024));
        Assert.Equal(Gen(300m, 110m), await engine.BucketAsync(Seeded, 2025));
    }

    [Fact]
    public async Task PreSettle_AcrossNewYear_UsesTheYearOfItsOwnTime()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1", Seeded, at: new DateTime(2024, 12, 31, 10, 0, 0));
        await engine.UploadAsync("U1", visitId, "B1", 500m);

        var december = await engine.PreSettleAsync(visitId, at: new DateTime(2024, 12, 31, 23, 59, 59));
        var january = await engine.PreSettleAsync(visitId, at: new DateTime(2025, 1, 1, 0, 0, 0));

        Assert.Equal((2024, Yuan(0m), Yuan(275m)),
            (december.Settlement!.Year, december.Settlement.ActPayDedc, december.Settlement.HifpPay));
        Assert.Equal((2025, Yuan(300m), Yuan(110m)),
            (january.Settlement!.Year, january.Settlement.ActPayDedc, january.Settlement.HifpPay));
    }

    [Fact]
    public async Task CancelSettlement_EarlierSettlement_UndoesExactlyItsDeltasAndRefundsTheAccount()
    {
        using var engine = new TestEngine();
        var (_, first) = await engine.SettledVisitAsync("A", 500m, useAccount: true); // acct 390, B 110
        // dedc 0, hifp 165, psn 135: acct 110 (all that is left), cash 25, B 0.
        var (secondVisit, second) = await engine.SettledVisitAsync("B", 300m, useAccount: true);

        var cancel = await engine.CancelSettlementAsync("C1", first.SettlementId!);

        Assert.Equal(SettlementStatus.Ok, cancel.Status);
        Assert.Equal(first.SettlementId, cancel.SettlementId);
        var expected = new SettlementFigures
        {
            MedfeeSumamt = Yuan(-500m), FulamtOwnpayAmt = Yuan(0m), OverlmtSelfpay = Yuan(0m), PreselfpayAmt = Yuan(0m),
            InscpScpAmt = Yuan(-500m), ActPayDedc = Yuan(-300m), PoolPropSelfpay = R(0.55m), HifpPay = Yuan(-110m),
            CvlservPay = Yuan(0m), FundPaySumamt = Yuan(-110m), PsnPartAmt = Yuan(-390m), AcctPay = Yuan(-390m),
            PsnCashPay = Yuan(0m), Balc = Yuan(390m), FilingCategory = FilingCategory.Local, Year = 2025,
        };
        Assert.Equal(expected, cancel.Settlement);
        // The later settlement is not recomputed: it keeps dedc 0 and hifp 165 although Du is back to 0.
        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(390m), person.AccountBalance);
        Assert.Equal(Gen(0m, 165m), Assert.Single(person.Accumulators));
        Assert.Equal(second, await engine.SettleAsync("BS", secondVisit, useAccount: true));
    }

    [Fact]
    public async Task CancelSettlement_Twice_ReturnsAlreadyCancelled()
    {
        using var engine = new TestEngine();
        var (_, settle) = await engine.SettledVisitAsync("A", 500m, useAccount: true);
        var cancel = await engine.CancelSettlementAsync("C1", settle.SettlementId!);

        var twice = await engine.CancelSettlementAsync("C2", settle.SettlementId!);
        var retransmitted = await engine.CancelSettlementAsync("C1", settle.SettlementId!);

        Assert.Equal(SettlementStatus.AlreadyCancelled, twice.Status);
        Assert.Equal(cancel, retransmitted); // The stored reply, with no second refund.
        Assert.Equal(Yuan(500m), (await engine.PersonInfoAsync()).AccountBalance);
    }

    [Fact]
    public async Task CancelSettlement_VisitReturnsToRegistered_LinesMayBeSettledAgain()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m);
        await engine.CancelSettlementAsync("C1", settle.SettlementId!);

        Assert.Equal(SettlementStatus.Ok, (await engine.UploadAsync("U2", visitId, "B2", 100m)).Status);
        var again = await engine.SettleAsync("S2", visitId);

        Assert.Equal(SettlementStatus.Ok, again.Status);
        Assert.NotEqual(settle.SettlementId, again.SettlementId);
        Assert.Equal(Yuan(600m), again.Settlement!.MedfeeSumamt);
        Assert.Equal(Yuan(300m), again.Settlement.ActPayDedc);
        Assert.Equal(Yuan(165m), again.Settlement.HifpPay);
    }

    [Fact]
    public async Task CancelSettlement_InTheNextYear_SubtractsFromTheOriginalsYear()
    {
        using var engine = new TestEngine();
        var (_, settle) = await engine.SettledVisitAsync("A", 500m, at: new DateTime(2024, 12, 30, 9, 0, 0));
        await engine.SettledVisitAsync("B", 400m, at: new DateTime(2025, 1, 2, 9, 0, 0)); // dedc 300, hifp 55

        var cancel = await engine.CancelSettlementAsync(
            "C1", settle.SettlementId!, at: new DateTime(2025, 1, 3, 9, 0, 0));

        Assert.Equal(2024, cancel.Settlement!.Year);
        Assert.Null(await engine.BucketAsync(Employee, 2024));
        Assert.Equal(Gen(300m, 55m), await engine.BucketAsync());
    }

    [Fact]
    public async Task CancelSettlement_UnknownOrOtherInstitutionsSettlement_ReturnsUnknownSettlement()
    {
        using var engine = new TestEngine();
        var (_, settle) = await engine.SettledVisitAsync("A", 100m);

        Assert.Equal(SettlementStatus.UnknownSettlement,
            (await engine.CancelSettlementAsync("C1", Employee + "-S99")).Status);
        Assert.Equal(SettlementStatus.UnknownSettlement,
            (await engine.CancelSettlementAsync("C2", "not-an-id")).Status);
        Assert.Equal(SettlementStatus.UnknownSettlement,
            (await engine.CancelSettlementAsync("C3", "36019999999999999999-S1")).Status);
        Assert.Equal(SettlementStatus.UnknownSettlement,
            (await engine.CancelSettlementAsync("C4", settle.SettlementId!, CityHospital)).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.CancelSettlementAsync("C4", settle.SettlementId!)).Status);
    }

    [Fact]
    public async Task VisitTransactions_UnknownOrOtherInstitutionsVisit_ReturnUnknownVisit()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 100m);

        Assert.Equal(SettlementStatus.UnknownVisit,
            (await engine.UploadAsync("U2", visitId, "B2", 10m, CityHospital)).Status);
        Assert.Equal(SettlementStatus.UnknownVisit,
            (await engine.SettleAsync("S1", visitId, institution: CityHospital)).Status);
        Assert.Equal(SettlementStatus.UnknownVisit,
            (await engine.PreSettleAsync(visitId, institution: CityHospital)).Status);
        Assert.Equal(SettlementStatus.UnknownVisit,
            (await engine.CancelFeesAsync("D1", visitId, "B1", CityHospital)).Status);
        Assert.Equal(SettlementStatus.UnknownVisit,
            (await engine.CancelRegistrationAsync("X1", visitId, CityHospital)).Status);
        Assert.Equal(SettlementStatus.UnknownVisit, (await engine.SettleAsync("S1", Employee + "-V99")).Status);
        Assert.Equal(SettlementStatus.UnknownVisit, (await engine.SettleAsync("S1", "36019999999999999999-V1")).Status);
        Assert.Equal(SettlementStatus.UnknownVisit, (await engine.PreSettleAsync("garbage")).Status);
    }
}
