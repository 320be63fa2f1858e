using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Reference;
using static Engine.Tests.Lifecycle.TestEngine;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Lifecycle;

/// <summary>Idempotency by (institution, msgId), retention on the engine clock, 1101 and reference reloads.</summary>
public sealed partial class PersonLedgerTests
{
    [Fact]
    public async Task Register_SameKeyOtherContent_ReturnsDuplicateMsgId()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");

        Assert.Equal(SettlementStatus.DuplicateMsgId, (await engine.RegisterAsync("R1", emergency: true)).Status);
        Assert.Equal(SettlementStatus.DuplicateMsgId, (await engine.RegisterAsync("R1", at: At.AddSeconds(1))).Status);
        Assert.Equal(SettlementStatus.DuplicateMsgId, (await engine.UploadAsync("R1", visitId, "B1", 10m)).Status);
        Assert.Equal(visitId, (await engine.RegisterAsync("R1")).VisitId);
    }

    [Fact]
    public async Task Register_SameMsgIdAtAnotherInstitution_IsAnotherKey()
    {
        using var engine = new TestEngine();

        var local = await engine.RegisterAsync("R1");
        var city = await engine.RegisterAsync("R1", institution: CityHospital);

        Assert.Equal(SettlementStatus.Ok, city.Status);
        Assert.NotEqual(local.VisitId, city.VisitId);
    }

    [Fact]
    public async Task Register_RetransmittedRejection_ReturnsTheStoredRejectionEvenAfterAReload()
    {
        using var engine = new TestEngine();
        Assert.Equal(SettlementStatus.NotInsured, (await engine.RegisterAsync("R1", Suspended)).Status);
        engine.Api.LoadReference(ReferenceData.Empty with { Persons = [Seed(Person(Suspended))] });

        Assert.Equal(SettlementStatus.NotInsured, (await engine.RegisterAsync("R1", Suspended)).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.RegisterAsync("R2", Suspended)).Status);
    }

    [Fact]
    public async Task UnknownVisit_Rejection_IsNotStoredSoTheMsgIdStaysFree()
    {
        using var engine = new TestEngine();

        Assert.Equal(SettlementStatus.UnknownVisit,
            (await engine.UploadAsync("M1", Employee + "-V9", "B1", 10m)).Status);

        Assert.Equal(SettlementStatus.Ok, (await engine.RegisterAsync("M1")).Status);
    }

    [Fact]
    public async Task UnknownVisit_CheckedBeforeATombstonedMsgId()
    {
        using var engine = new TestEngine();
        await engine.ReverseAsync("V1", "M1");

        Assert.Equal(SettlementStatus.UnknownVisit, (await engine.SettleAsync("M1", Employee + "-V9")).Status);
    }

    [Fact]
    public async Task Retransmission_SevenDaysLaterOnTheEngineClock_GetsTheStoredReply()
    {
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");

        engine.NowUtc = StartUtc.AddDays(7);

        Assert.Equal(visitId, (await engine.RegisterAsync("R1")).VisitId);
    }

    [Fact]
    public async Task Retransmission_AfterTheRetention_IsNoLongerRecognised()
    {
        // The default retention is 8 days on the engine clock; 9 days later the reply has been pruned.
        using var engine = new TestEngine(options: LedgerOptions.Default);
        var visitId = await engine.OpenVisitAsync("R1");
        var (settledVisit, _) = await engine.SettledVisitAsync("A", 100m);

        engine.NowUtc = StartUtc.AddDays(9);

        var register = await engine.RegisterAsync("R1");
        Assert.Equal(SettlementStatus.Ok, register.Status);
        Assert.NotEqual(visitId, register.VisitId);
        Assert.Equal(SettlementStatus.VisitNotOpen, (await engine.SettleAsync("AS", settledVisit)).Status);
    }

    [Fact]
    public async Task Retention_BusinessTimeMonthsOld_StillGetsTheStoredReplyByTheEngineClock()
    {
        using var engine = new TestEngine();
        var oldBusinessTime = new DateTime(2025, 1, 2, 9, 0, 0);
        var visitId = await engine.OpenVisitAsync("R1", at: oldBusinessTime);

        engine.NowUtc = StartUtc.AddDays(1);

        Assert.Equal(visitId, (await engine.RegisterAsync("R1", at: oldBusinessTime)).VisitId);
    }

    [Fact]
    public async Task Retention_ShorterConfiguredRetention_PrunesOnTheEngineClockNotTheBusinessTime()
    {
        using var engine = new TestEngine(
            options: LedgerOptions.Default with { MessageRetention = TimeSpan.FromHours(2) });
        var futureBusinessTime = new DateTime(2025, 12, 31, 9, 0, 0);
        var visitId = await engine.OpenVisitAsync("R1", at: futureBusinessTime);

        engine.NowUtc = StartUtc.AddHours(1);
        Assert.Equal(visitId, (await engine.RegisterAsync("R1", at: futureBusinessTime)).VisitId);

        engine.NowUtc = StartUtc.AddHours(3);
        Assert.NotEqual(visitId, (await engine.RegisterAsync("R1", at: futureBusinessTime)).VisitId);
    }

    [Fact]
    public async Task PersonInfo_SuspendedPersonAtAnyInstitution_AnswersWithBalanceAndSeededYear()
    {
        using var engine = new TestEngine();

        var suspended = await engine.Api.PersonInfoAsync(new PersonInfoRequest("H-WHATEVER", Suspended, 2025));
        var seeded = await engine.PersonInfoAsync(Seeded, 2024);
        var unknown = await engine.Api.PersonInfoAsync(
            new PersonInfoRequest(LocalHospital, "36019999999999999999", 2025));

        Assert.Equal(SettlementStatus.Ok, suspended.Status);
        Assert.Empty(suspended.Person!.Accumulators);
        Assert.Equal(Gen(300m, 0m, 0m, year: 2024), Assert.Single(seeded.Accumulators));
        Assert.Equal(SettlementStatus.UnknownPerson, unknown.Status);
    }

    [Fact]
    public async Task LoadReference_KnownPerson_UpdatesTheProfileButNeverResetsBalanceOrAccumulators()
    {
        using var engine = new TestEngine();
        await engine.SettledVisitAsync("A", 500m, useAccount: true);

        engine.Api.LoadReference(ReferenceData.Empty with
        {
            Persons = [Seed(Person(Employee, status: PersonStatus.Suspended), balance: 999m)],
        });

        var person = await engine.PersonInfoAsync();
        Assert.Equal(Yuan(110m), person.AccountBalance);
        Assert.Equal(AfterFirstVisit, Assert.Single(person.Accumulators));
        Assert.Equal(SettlementStatus.NotInsured, (await engine.RegisterAsync("R9")).Status);
    }

    [Fact]
    public async Task Settle_PersonSuspendedAfterRegistration_StillSettles()
    {
        // NOT_INSURED is a registration check only.
        using var engine = new TestEngine();
        var visitId = await engine.OpenVisitAsync("R1");
        await engine.UploadAsync("U1", visitId, "B1", 500m);
        engine.Api.LoadReference(ReferenceData.Empty with
        {
            Persons = [Seed(Person(Employee, status: PersonStatus.Suspended))],
        });

        var settle = await engine.SettleAsync("S1", visitId);

        Assert.Equal(SettlementStatus.Ok, settle.Status);
        Assert.Equal(Yuan(110m), settle.Settlement!.HifpPay);
    }

    [Fact]
    public async Task ReversedMsgId_RetransmittedOriginalDaysAfterTheReversal_IsStillRejected()
    {
        using var engine = new TestEngine();
        var (visitId, _) = await engine.SettledVisitAsync("A", 500m);
        engine.NowUtc = StartUtc.AddDays(7);
        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V1", "AS")).Status);

        engine.NowUtc = StartUtc.AddDays(8.5); // 1.5 days after the 2601.

        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.SettleAsync("AS", visitId)).Status);
        Assert.Null(await engine.BucketAsync());
    }
}
