using Engine.Accounting;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Tests.Lifecycle;
using static Engine.Tests.Lifecycle.TestEngine;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Accounting;

/// <summary>3201 reconciliation per institution and day; clearing per month and (insured, treatment) region.</summary>
public sealed class SettlementBookTests
{
    private static readonly DateOnly March10 = Day(2025, 3, 10);
    private static readonly DateOnly March11 = Day(2025, 3, 11);

    /// <summary>
    /// A: 500 with account at 03-10 10:00 (fund 110, acct 390); B: 300 with account at 03-10 11:00 (fund 165, acct
    /// 110); A cancelled at 03-11 09:00.
    /// </summary>
    private static async Task<TestEngine> TwoSettlementsAndACancellationAsync()
    {
        var engine = new TestEngine();
        var (_, a) = await engine.SettledVisitAsync(
            "A", 500m, useAccount: true, at: new DateTime(2025, 3, 10, 10, 0, 0));
        await engine.SettledVisitAsync("B", 300m, useAccount: true, at: new DateTime(2025, 3, 10, 11, 0, 0));
        await engine.CancelSettlementAsync("C1", a.SettlementId!, at: new DateTime(2025, 3, 11, 9, 0, 0));
        return engine;
    }

    [Fact]
    public async Task Reconcile_SettlementDay_CountsAndSumsThatDaysSettlements()
    {
        using var engine = await TwoSettlementsAndACancellationAsync();

        var day = await engine.ReconcileAsync(March10, count: 2, medfee: 800m, fund: 275m, account: 500m);

        Assert.Equal(new ReconciliationFigures(true, 2, Yuan(800m), Yuan(275m), Yuan(500m)), day);
    }

    [Fact]
    public async Task Reconcile_CancellationDay_CountsTheCancellationAsOneNegativeRow()
    {
        using var engine = await TwoSettlementsAndACancellationAsync();

        var day = await engine.ReconcileAsync(March11, count: 1, medfee: -500m, fund: -110m, account: -390m);

        Assert.Equal(new ReconciliationFigures(true, 1, Yuan(-500m), Yuan(-110m), Yuan(-390m)), day);
    }

    [Fact]
    public async Task Reconcile_InstitutionFiguresDiffer_IsNotBalancedAndGivesTheEnginesFigures()
    {
        using var engine = await TwoSettlementsAndACancellationAsync();

        var day = await engine.ReconcileAsync(March10, count: 2, medfee: 800m, fund: 275m, account: 499.99m);
        var otherInstitution = await engine.ReconcileAsync(March10, institution: CityHospital);

        Assert.Equal(new ReconciliationFigures(false, 2, Yuan(800m), Yuan(275m), Yuan(500m)), day);
        Assert.Equal(new ReconciliationFigures(true, 0, Yuan(0m), Yuan(0m), Yuan(0m)), otherInstitution);
    }

    [Fact]
    public async Task Reconcile_ReversedTransactions_AreLeftOutAsIfTheyNeverHappened()
    {
        using var engine = await TwoSettlementsAndACancellationAsync();

        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V1", "BS")).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.ReverseAsync("V2", "C1", "cancelSettlement")).Status);

        Assert.Equal(new ReconciliationFigures(false, 1, Yuan(500m), Yuan(110m), Yuan(390m)),
            await engine.ReconcileAsync(March10));
        Assert.Equal(new ReconciliationFigures(true,
            0, Yuan(0m), Yuan(0m), Yuan(0m)), await engine.ReconcileAsync(March11));
    }

    [Fact]
    public async Task Clearing_Month_GroupsByInsuredAndTreatmentRegionAndPutsCancellationsInTheirOwnMonth()
    {
        using var engine = new TestEngine();
        var (_, a) = await engine.SettledVisitAsync("A", 500m);
        await engine.SettledVisitAsync("B", 500m, psnNo: CivilServant);
        await engine.SettledVisitAsync("C", 500m, psnNo: Chronic, institution: QingpuHospital);
        await engine.SettledVisitAsync("D", 100m, psnNo: ZonePerson, institution: QingpuHospital);
        await engine.CancelSettlementAsync("C1", a.SettlementId!, at: new DateTime(2025, 4, 2, 9, 0, 0));

        Assert.Equal(
            new ClearingLine[]
            {
                new(Wujiang, Qingpu, 1, Yuan(100m), Yuan(70m), Yuan(0m), Yuan(0m)),
                new(Nanchang, Qingpu, 1, Yuan(500m), Yuan(110m), Yuan(0m), Yuan(0m)),
                new(Nanchang, Donghu, 2, Yuan(1000m), Yuan(220m), Yuan(78m), Yuan(0m)),
            },
            engine.Api.Clearing(2025, 3).ToArray());
        Assert.Equal(new ClearingLine[] { new(Nanchang, Donghu, 1, Yuan(-500m), Yuan(-110m), Yuan(0m), Yuan(0m)) },
            engine.Api.Clearing(2025, 4).ToArray());
        Assert.Empty(engine.Api.Clearing(2025, 5));
    }

    private static LedgerEvent Row(string eventId, decimal medfee, bool retracts = false) =>
        new(eventId, LocalHospital, At, Nanchang, Donghu,
            new SettlementFigures
            {
                MedfeeSumamt = Yuan(medfee), FundPaySumamt = Yuan(medfee / 2), HifpPay = Yuan(medfee / 2),
            },
            retracts);

    private static ReconciliationFigures Reconcile(SettlementBook book) =>
        book.Reconcile(new ReconcileRequest(LocalHospital, March10, 0, Money.Zero, Money.Zero, Money.Zero));

    [Fact]
    public void Apply_SameEventTwice_CountsItOnce()
    {
        var book = new SettlementBook();

        Assert.True(book.Apply(Row("P-S1#s", 100m)));
        Assert.False(book.Apply(Row("P-S1#s", 100m)));

        Assert.Equal(new ReconciliationFigures(false, 1, Yuan(100m), Yuan(50m), Yuan(0m)), Reconcile(book));
    }

    [Fact]
    public void Apply_RetractionBeforeOrAfterItsRow_LeavesTheRowOutForGood()
    {
        var book = new SettlementBook();
        book.Apply(Row("P-S1#s", 100m));
        Assert.True(book.Apply(Row("P-S1#s", 100m, retracts: true)));
        Assert.False(book.Apply(Row("P-S1#s", 100m, retracts: true)));
        Assert.True(book.Apply(Row("P-S2#s", 40m, retracts: true)));
        Assert.False(book.Apply(Row("P-S2#s", 40m)));

        Assert.Equal(new ReconciliationFigures(true, 0, Yuan(0m), Yuan(0m), Yuan(0m)), Reconcile(book));
        Assert.Empty(book.Clearing(2025, 3));
    }
}
