using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using static Engine.Tests.Lifecycle.TestEngine;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Lifecycle;

/// <summary>
/// 2601 reversal (冲正), rules.md §7. "AS" is the 2207 and "AR" the 2201 of <c>SettledVisitAsync("A", …)</c>.
/// </summary>
public sealed partial class PersonLedgerTests
{
    private static readonly AccumulatorFigures AfterFirstVisit = new(2025, "GEN_OTP", Yuan(300m), Yuan(110m), Yuan(0m));

    [Fact]
    public async Task Reverse_ActiveSettlement_UndoesItLikeACancellationAndMarksTheMsgIdReversed()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m, useAccount: true);

        var reverse = await engine.ReverseAsync("V1", "AS");

        Assert.Equal(SettlementStatus.Ok, reverse.Status);
        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(500m), person.AccountBalance);
        Assert.Empty(person.Accumulators);
        Assert.Equal(SettlementStatus.ReversedMsgId,
            (await engine.SettleAsync("AS", visitId, useAccount: true)).Status);
        Assert.Equal(SettlementStatus.AlreadyCancelled,
            (await engine.CancelSettlementAsync("C1", settle.SettlementId!)).Status);
        // The visit is REGISTERED again with its lines unsettled.
        Assert.Equal(settle.Settlement, (await engine.SettleAsync("S2", visitId, useAccount: true)).Settlement);
    }

    [Fact]
    public async Task Reverse_Cancellation_ReappliesTheSettlementAndSettlesTheVisitAgain()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m, useAccount: true);
        await engine.CancelSettlementAsync("C1", settle.SettlementId!);

        var reverse = await engine.ReverseAsync("V1", "C1", "cancelSettlement");

        Assert.Equal(SettlementStatus.Ok, reverse.Status);
        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(110m), person.AccountBalance);
        Assert.Equal(AfterFirstVisit, Assert.Single(person.Accumulators));
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.UploadAsync("U2", visitId, "B2", 10m)).Status);
        Assert.Equal(SettlementStatus.ReversedMsgId,
            (await engine.CancelSettlementAsync("C1", settle.SettlementId!)).Status);
        var cancelAgain = await engine.CancelSettlementAsync("C2", settle.SettlementId!);
        Assert.Equal(SettlementStatus.Ok, cancelAgain.Status);
        Assert.Equal(Yuan(500m), cancelAgain.Settlement!.Balc);
    }

    [Fact]
    public async Task Reverse_SettlementSinceCancelled_ChangesNothingAndLeavesTheMsgIdUsable()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m, useAccount: true);
        await engine.CancelSettlementAsync("C1", settle.SettlementId!);

        var reverse = await engine.ReverseAsync("V1", "AS");

        Assert.Equal(SettlementStatus.Ok, reverse.Status);
        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(500m), person.AccountBalance);
        Assert.Empty(person.Accumulators);
        // Not marked reversed: the retransmitted 2207 still gets its stored reply.
        Assert.Equal(settle, await engine.SettleAsync("AS", visitId, useAccount: true));
        Assert.Equal(SettlementStatus.Ok, (await engine.SettleAsync("S2", visitId)).Status);
    }

    [Fact]
    public async Task Reverse_CancellationWhoseVisitWasSettledAgain_ChangesNothing()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m);
        var cancel = await engine.CancelSettlementAsync("C1", settle.SettlementId!);
        var again = await engine.SettleAsync("S2", visitId);

        var reverse = await engine.ReverseAsync("V1", "C1", "cancelSettlement");

        Assert.Equal(SettlementStatus.Ok, reverse.Status);
        Assert.Equal(AfterFirstVisit, await engine.BucketAsync()); // Only the second settlement counts.
        Assert.Equal(cancel, await engine.CancelSettlementAsync("C1", settle.SettlementId!));
        Assert.Equal(SettlementStatus.Ok, (await engine.CancelSettlementAsync("C2", again.SettlementId!)).Status);
    }

    [Fact]
    public async Task Reverse_CancellationWhoseVisitWasSettledAgainAndCancelledAgain_ChangesNothing()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m);
        await engine.CancelSettlementAsync("C1", settle.SettlementId!);
        var again = await engine.SettleAsync("S2", visitId);
        await engine.CancelSettlementAsync("C2", again.SettlementId!);
        var before = await engine.BucketAsync();

        var reverse = await engine.ReverseAsync("V1", "C1", "cancelSettlement");

        // The visit has no active settlement, but it was settled again after C1: C1 can no longer be undone.
        Assert.Equal(SettlementStatus.Ok, reverse.Status);
        Assert.Equal(before, await engine.BucketAsync());
        Assert.Equal(SettlementStatus.AlreadyCancelled,
            (await engine.CancelSettlementAsync("C3", settle.SettlementId!)).Status);
    }

    [Fact]
    public async Task Reverse_CancellationWhoseVisitWasCancelled_ChangesNothing()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m);
        await engine.CancelSettlementAsync("C1", settle.SettlementId!);
        await engine.CancelRegistrationAsync("X1", visitId);

        var reverse = await engine.ReverseAsync("V1", "C1", "cancelSettlement");

        Assert.Equal(SettlementStatus.Ok, reverse.Status);
        Assert.Null(await engine.BucketAsync());
        Assert.Equal(SettlementStatus.AlreadyCancelled,
            (await engine.CancelSettlementAsync("C2", settle.SettlementId!)).Status);
    }

    [Fact]
    public async Task Reverse_CancellationAfterItsBatchesWereRemoved_StillReappliesTheOriginalAmounts()
    {
        using var engine = new TestEngine();
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m);
        await engine.CancelSettlementAsync("C1", settle.SettlementId!);
        Assert.Equal(SettlementStatus.Ok, (await engine.CancelFeesAsync("D1", visitId, "0000")).Status);

        var reverse = await engine.ReverseAsync("V1", "C1", "cancelSettlement");

        Assert.Equal(SettlementStatus.Ok, reverse.Status);
        Assert.Equal(AfterFirstVisit, await engine.BucketAsync());
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.UploadAsync("U2", visitId, "B2", 10m)).Status);
        var cancelAgain = await engine.CancelSettlementAsync("C2", settle.SettlementId!);
        Assert.Equal(Yuan(-500m), cancelAgain.Settlement!.MedfeeSumamt);
        // The removed batch stays removed: once cancelled again, there is nothing to settle.
        Assert.Equal(SettlementStatus.NoFees, (await engine.SettleAsync("S2", visitId)).Status);
    }

    [Fact]
    public async Task Reverse_RejectedOriginal_TombstonesItsMsgId()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        Assert.Equal(SettlementStatus.NoFees, (await engine.SettleAsync("S1", visitId)).Status);

        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V1", "S1")).Status);

        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.SettleAsync("S1", visitId)).Status);
        await engine.UploadAsync("U1", visitId, "B1", 100m);
        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.SettleAsync("S1", visitId)).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.SettleAsync("S2", visitId)).Status);
    }

    [Fact]
    public async Task Reverse_UnseenOriginal_TombstoneRejectsTheOriginalWhenItArrives()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 100m);

        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V1", "S1", "cancelSettlement")).Status);

        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.SettleAsync("S1", visitId)).Status);
        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.SettleAsync("S1", visitId)).Status);
        Assert.Null(await engine.BucketAsync());
        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.RegisterAsync("S1")).Status);
    }

    [Fact]
    public async Task Reverse_Repeated_IsIdempotent()
    {
        using var engine = new TestEngine();
        await engine.SettledVisitAsync("A", 500m, useAccount: true);

        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V1", "AS")).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V1", "AS")).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V2", "AS")).Status);

        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(500m), person.AccountBalance);
        Assert.Empty(person.Accumulators);
    }

    [Fact]
    public async Task Reverse_AcceptedRegistrationOrUpload_ReturnsInvalidRequestAndChangesNothing()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 100m);

        Assert.Equal(SettlementStatus.InvalidRequest, (await engine.ReverseAsync("V1", "R1")).Status);
        Assert.Equal(SettlementStatus.InvalidRequest,
            (await engine.ReverseAsync("V2", "U1", "cancelSettlement")).Status);

        Assert.Equal(Yuan(100m), (await engine.PreSettleAsync(visitId)).Settlement!.MedfeeSumamt);
        Assert.Equal(visitId, (await engine.RegisterAsync("R1")).VisitId);
    }

    [Fact]
    public async Task Reverse_OriginalThatIsItselfAReversal_ReturnsInvalidRequest()
    {
        using var engine = new TestEngine();
        await engine.SettledVisitAsync("A", 500m);
        await engine.ReverseAsync("V1", "AS");

        Assert.Equal(SettlementStatus.InvalidRequest, (await engine.ReverseAsync("V2", "V1")).Status);
    }

    [Fact]
    public async Task Reverse_MsgIdAlreadyUsedByAnotherTransaction_ReturnsDuplicateMsgId()
    {
        using var engine = new TestEngine();
        await engine.SettledVisitAsync("A", 500m);

        Assert.Equal(SettlementStatus.DuplicateMsgId, (await engine.ReverseAsync("AR", "AS")).Status);
        Assert.Equal(AfterFirstVisit, await engine.BucketAsync());
    }

    [Fact]
    public async Task Reverse_MsgIdReusedWithOtherContent_ReturnsDuplicateMsgId()
    {
        using var engine = new TestEngine();
        await engine.SettledVisitAsync("A", 500m);
        await engine.SettledVisitAsync("B", 100m);
        await engine.ReverseAsync("V1", "AS");

        Assert.Equal(SettlementStatus.DuplicateMsgId, (await engine.ReverseAsync("V1", "BS")).Status);
        // B (dedc 0, hifp 55) is still in force; A was reversed by the first V1.
        Assert.Equal(Gen(0m, 55m), await engine.BucketAsync());
    }

    [Fact]
    public async Task ReversedMsgId_ReusedWithOtherContent_ReversedIsCheckedBeforeDuplicate()
    {
        using var engine = new TestEngine();
        var (visitId, _) = await engine.SettledVisitAsync("A", 500m);
        await engine.ReverseAsync("V1", "AS");

        Assert.Equal(SettlementStatus.ReversedMsgId,
            (await engine.SettleAsync("AS", visitId, useAccount: true)).Status);
        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.CancelFeesAsync("AS", visitId, "B1")).Status);
    }

    [Fact]
    public async Task Reverse_RejectedRegistration_IsTombstonedNotInvalid()
    {
        using var engine = new TestEngine();
        Assert.Equal(SettlementStatus.NotInsured, (await engine.RegisterAsync("R1", Suspended)).Status);

        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V1", "R1", "settle")).Status);

        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.RegisterAsync("R1", Suspended)).Status);
    }

    [Fact]
    public async Task Reverse_CancellationOfZeroFundSettlementWhileFundAboveCap_ReappliesItsDeductible()
    {
        // Seeded 2025: Du 200, Fu 2100 (> C 2000). 500 in scope: dedc 100; raw R(400 × 0.55) = 220; room 0 → hifp 0.
        const string psnNo = "36010000000000000009";
        var seeded = Seed(Person(psnNo), accumulators: [Gen(200m, 2100m)]);
        using var engine = new TestEngine(Data([.. Persons, seeded]));
        var (visitId, settle) = await engine.SettledVisitAsync("A", 500m, psnNo: psnNo);
        Assert.Equal((Yuan(100m), Yuan(0m)), (settle.Settlement!.ActPayDedc, settle.Settlement.HifpPay));
        await engine.CancelSettlementAsync("C1", settle.SettlementId!);

        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V1", "C1", "cancelSettlement")).Status);

        Assert.Equal(Gen(300m, 2100m), await engine.BucketAsync(psnNo));
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.UploadAsync("U2", visitId, "B2", 10m)).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.CancelSettlementAsync("C2", settle.SettlementId!)).Status);
    }
}
