using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;
using static Engine.Tests.Lifecycle.TestEngine;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Lifecycle;

/// <summary>
/// The person ledger end to end through the in-process engine (rules.md §7, scenario-format.md §3).
/// This part: 2201, 2202, 2204 and 2205.
/// </summary>
public sealed partial class PersonLedgerTests
{
    [Fact]
    public async Task Register_EligibleEmployee_ReturnsAVisitIdOfThePerson()
    {
        using var engine = new TestEngine();

        var reply = await engine.RegisterAsync("R1");

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        Assert.StartsWith(Employee + "-V", reply.VisitId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SettlementStatus.UnknownPerson, "36019999999999999999", LocalHospital, MedType.General, 2025)]
    [InlineData(SettlementStatus.NotInsured, Suspended, LocalHospital, MedType.General, 2025)]
    [InlineData(SettlementStatus.UnknownInstitution, Employee, "H99999999999", MedType.General, 2025)]
    [InlineData(SettlementStatus.InstitutionNotNetworked, Employee, QingpuClinic, MedType.General, 2025)]
    [InlineData(SettlementStatus.NoChronicQualification, Employee, LocalHospital, MedType.Chronic, 2025)]
    [InlineData(SettlementStatus.InstitutionNotDesignated, Chronic, JiujiangHospital, MedType.Chronic, 2025)]
    [InlineData(SettlementStatus.NoPolicy, Employee, LocalHospital, MedType.General, 2023)]
    public async Task Register_IneligibleVisit_IsRejectedWithTheEligibilityCode(
        SettlementStatus expected, string psnNo, string institution, MedType medType, int year)
    {
        using var engine = new TestEngine();
        var disease = medType == MedType.Chronic ? Diabetes : null;

        var reply = await engine.RegisterAsync("R1", psnNo, institution, medType, disease,
            at: new DateTime(year, 3, 10, 9, 0, 0));

        Assert.Equal(expected, reply.Status);
        Assert.Null(reply.VisitId);
    }

    [Fact]
    public async Task Register_UnfiledCrossProvinceUnderReject_IsRejectedWithNoValidFiling()
    {
        using var engine = new TestEngine(World(new RegionSettings { Unfiled = UnfiledPolicy.Reject }));

        Assert.Equal(SettlementStatus.NoValidFiling,
            (await engine.RegisterAsync("R1", institution: QingpuHospital)).Status);
        Assert.Equal(SettlementStatus.Ok,
            (await engine.RegisterAsync("R2", institution: QingpuHospital, emergency: true)).Status);
    }

    [Fact]
    public async Task Register_MissingMedType_ReturnsInvalidRequest()
    {
        using var engine = new TestEngine();

        Assert.Equal(SettlementStatus.InvalidRequest, (await engine.RegisterAsync("R1", medType: MedType.None)).Status);
    }

    [Fact]
    public async Task Register_ChronicWithoutDisease_ReturnsInvalidRequest()
    {
        using var engine = new TestEngine();

        var reply = await engine.RegisterAsync("R1", Chronic, medType: MedType.Chronic, disease: null);

        Assert.Equal(SettlementStatus.InvalidRequest, reply.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567890123456789012345678901")] // 31 characters
    public async Task Register_MsgIdEmptyOrLongerThan30_ReturnsInvalidRequest(string msgId)
    {
        using var engine = new TestEngine();

        Assert.Equal(SettlementStatus.InvalidRequest, (await engine.RegisterAsync(msgId)).Status);
    }

    [Fact]
    public async Task Register_FilingExpiresAfterRegistration_VisitKeepsItsCategory()
    {
        // Registered in the last second of the filing's window, settled after it closed: LT_RESIDE, no reduction.
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1", Chronic, QingpuHospital, new DateTime(2025, 6, 30, 23, 59, 59));
        await engine.UploadAsync("U1", visitId, "B1", 500m, QingpuHospital, new DateTime(2025, 7, 2, 9, 0, 0));

        var settle = await engine.SettleAsync("S1", visitId, institution: QingpuHospital,
            at: new DateTime(2025, 7, 2, 9, 30, 0));

        Assert.Equal(FilingCategory.LongTermReside, settle.Settlement!.FilingCategory);
        Assert.Equal(R(0.55m), settle.Settlement.PoolPropSelfpay);
        Assert.Equal(Yuan(110m), settle.Settlement.HifpPay);
    }

    [Fact]
    public async Task Register_DayAfterTheFilingWindow_IsTemporaryOtherWithReducedRatio()
    {
        // TMP_OTHER under RatioPoints: 0.55 − 0.20 = 0.35; 500 in scope, D 300: R(200 × 0.35) = 70.00.
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1", Chronic, QingpuHospital, new DateTime(2025, 7, 1, 0, 0, 0));
        await engine.UploadAsync("U1", visitId, "B1", 500m, QingpuHospital);

        var settle = await engine.SettleAsync("S1", visitId, institution: QingpuHospital);

        Assert.Equal(FilingCategory.TemporaryOther, settle.Settlement!.FilingCategory);
        Assert.Equal(R(0.35m), settle.Settlement.PoolPropSelfpay);
        Assert.Equal(Yuan(70m), settle.Settlement.HifpPay);
    }

    [Fact]
    public async Task Register_RuleVersionChangesBeforeSettlement_VisitKeepsTheRuleOfItsRegistration()
    {
        // 2024 rule pays 0.55 at level 3, the 2025 rule 0.70; the settlement is in 2025 (new deductible year).
        using var engine = new TestEngine(World(policies:
            [Rule(to: Day(2024, 12, 31), level3: 0.55m), Rule(from: Day(2025, 1, 1), level3: 0.70m)]));
        var oldVisit = await engine.OpenVisitAsync("R1", at: new DateTime(2024, 12, 31, 20, 0, 0));
        await engine.UploadAsync("U1", oldVisit, "B1", 500m);

        var settle = await engine.SettleAsync("S1", oldVisit, at: new DateTime(2025, 1, 2, 9, 0, 0));

        Assert.Equal(R(0.55m), settle.Settlement!.PoolPropSelfpay);
        Assert.Equal(Yuan(300m), settle.Settlement.ActPayDedc);
        Assert.Equal(Yuan(110m), settle.Settlement.HifpPay);
        Assert.Equal(2025, settle.Settlement.Year);
    }

    [Fact]
    public async Task CancelRegistration_RegisteredVisitWithFees_ClosesTheVisit()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 100m);

        Assert.Equal(SettlementStatus.Ok, (await engine.CancelRegistrationAsync("X1", visitId)).Status);

        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.UploadAsync("U2", visitId, "B2", 100m)).Status);
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.SettleAsync("S1", visitId)).Status);
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.PreSettleAsync(visitId)).Status);
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.CancelRegistrationAsync("X2", visitId)).Status);
    }

    [Fact]
    public async Task CancelRegistration_SettledVisit_VisitNotOpenUntilTheSettlementIsCancelled()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 100m);

        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.CancelRegistrationAsync("X1", visitId)).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.CancelSettlementAsync("C1", settle.SettlementId!)).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.CancelRegistrationAsync("X2", visitId)).Status);
    }

    [Fact]
    public async Task UploadFees_Lines_ReplyClassifiesEachLineByTheTreatmentCatalogue()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");

        var reply = await engine.UploadAsync("U1", visitId, "B1",
        [
            Line(1, "XA01", 100m),
            Line(2, "XB01", 30m, quantity: 2m),
            Line(3, "XC01", 20m),
            Line(4, "ZZ99", 7m),
        ]);

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        Assert.Equal(
            new LineResult[]
            {
                new(1, CatalogGrade.A, Yuan(0m), Yuan(0m), Yuan(0m), Yuan(100m)),
                new(2, CatalogGrade.B, Yuan(0m), Yuan(5m), Yuan(2.50m), Yuan(22.50m)),
                new(3, CatalogGrade.C, Yuan(20m), Yuan(0m), Yuan(0m), Yuan(0m)),
                new(4, CatalogGrade.C, Yuan(7m), Yuan(0m), Yuan(0m), Yuan(0m)),
            },
            reply.Lines.ToArray());
    }

    [Theory]
    [InlineData("empty lines")]
    [InlineData("batch 0000")]
    [InlineData("existing batch")]
    [InlineData("zero amount")]
    [InlineData("empty batch number")]
    [InlineData("zero quantity")]
    public async Task UploadFees_InvalidBatch_ReturnsInvalidRequest(string fault)
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 100m);

        var reply = fault switch
        {
            "empty lines" => await engine.UploadAsync("U2", visitId, "B2", []),
            "batch 0000" => await engine.UploadAsync("U2", visitId, "0000", 10m),
            "existing batch" => await engine.UploadAsync("U2", visitId, "B1", 10m),
            "zero amount" => await engine.UploadAsync("U2", visitId, "B2",
                [new FeeLine(1, "XA01", Quantity.FromDecimal(1m), Quantity.FromDecimal(1m), Money.Zero)]),
            "zero quantity" => await engine.UploadAsync("U2", visitId, "B2", [Line(1, "XA01", 10m, quantity: 0m)]),
            _ => await engine.UploadAsync("U2", visitId, "", 10m),
        };

        Assert.Equal(SettlementStatus.InvalidRequest, reply.Status);
        var preSettle = await engine.PreSettleAsync(visitId);
        Assert.Equal(Yuan(100m), preSettle.Settlement!.MedfeeSumamt); // Nothing of the rejected batch was kept.
    }

    [Fact]
    public async Task UploadFees_ClosedVisitWithEmptyLines_VisitNotOpenBeforeInvalidRequest()
    {
        using var engine = new TestEngine();
        var cancelled = await engine.OpenVisitAsync("R1");
        await engine.CancelRegistrationAsync("X1", cancelled);
        var (settled, _) = await engine.SettledVisitAsync("A", 100m);

        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.UploadAsync("U1", cancelled, "0000", [])).Status);
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.UploadAsync("U2", settled, "B1", [])).Status);
    }

    [Fact]
    public async Task CancelFees_BatchThatDoesNotExist_ReturnsInvalidRequest()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 100m);

        Assert.Equal(SettlementStatus.InvalidRequest, (await engine.CancelFeesAsync("D1", visitId, "B9")).Status);
    }

    [Fact]
    public async Task CancelFees_SettledVisitAndUnknownBatch_VisitNotOpenBeforeInvalidRequest()
    {
        using var engine = new TestEngine();
        var (visitId, _) = await engine.SettledVisitAsync("A", 100m);

        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.CancelFeesAsync("D1", visitId, "B9")).Status);
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.CancelFeesAsync("D2", visitId, "0000")).Status);
    }

    [Fact]
    public async Task CancelFees_OneBatch_RemovesOnlyThatBatch()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 100m);
        await engine.UploadAsync("U2", visitId, "B2", 200m);

        Assert.Equal(SettlementStatus.Ok, (await engine.CancelFeesAsync("D1", visitId, "B1")).Status);

        Assert.Equal(Yuan(200m), (await engine.PreSettleAsync(visitId)).Settlement!.MedfeeSumamt);
        Assert.Equal(SettlementStatus.InvalidRequest, (await engine.CancelFeesAsync("D2", visitId, "B1")).Status);
        // A removed batch number no longer exists, so it may be uploaded again.
        Assert.Equal(SettlementStatus.Ok, (await engine.UploadAsync("U3", visitId, "B1", 50m)).Status);
        Assert.Equal(Yuan(250m), (await engine.PreSettleAsync(visitId)).Settlement!.MedfeeSumamt);
    }

    [Fact]
    public async Task CancelFees_AllBatches_RemovesEveryUnsettledBatchAndSucceedsAgainWhenNoneIsLeft()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 100m);
        await engine.UploadAsync("U2", visitId, "B2", 200m);

        Assert.Equal(SettlementStatus.Ok, (await engine.CancelFeesAsync("D1", visitId, "0000")).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.CancelFeesAsync("D2", visitId, "0000")).Status);

        Assert.Equal(SettlementStatus.NoFees, (await engine.SettleAsync("S1", visitId)).Status);
        Assert.Equal(SettlementStatus.NoFees, (await engine.PreSettleAsync(visitId)).Status);
    }

    [Fact]
    public async Task UploadFees_NullLine_ReturnsInvalidRequest()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");

        Assert.Equal(SettlementStatus.InvalidRequest, (await engine.UploadAsync("U1", visitId, "B1", [null!])).Status);
    }
}
