using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Messaging;
using Engine.Reference;
using Engine.Settlement;
using Engine.Tests.Lifecycle;
using static Engine.Tests.Lifecycle.TestEngine;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Persistence;

/// <summary>Person states as the engine builds them, for the tests of their stored form.</summary>
internal static class PersonStates
{
    private static readonly DateTime LastYear = new(2024, 12, 30, 10, 0, 0);

    /// <summary>
    /// A person with a filing and a chronic qualification after a busy stretch, every transaction run by the
    /// engine: accumulators of two years and two buckets; visits with several fee batches (one cancelled), in
    /// the home region and in the filed one; settlements active, cancelled then settled again, reversed by 2601;
    /// a cancelled registration; stored replies with line results and figures, rejections, a tombstoned msgId;
    /// and an outbox holding a settlement, a cancellation and the retraction of that cancellation (the last
    /// transactions run on the ledger directly: the in-process engine delivers its outbox after each one).
    /// </summary>
    public static async Task<PersonState> BusyAsync()
    {
        const string psnNo = Chronic;
        using var engine = new TestEngine();

        var old = await engine.OpenVisitAsync("Y1R", psnNo, at: LastYear);
        Ok(await engine.UploadAsync("Y1U1", old, "B1",
            [Line(1, "XA01", 120m), Line(2, "XB01", 30m, 2.5m), Line(3, "XC01", 15m)], at: LastYear));
        Ok(await engine.UploadAsync("Y1U2", old, "B2",
            [Line(1, "XA01", 80m), Line(2, "XB01", 6m, 0.5m)], at: LastYear));
        Ok(await engine.SettleAsync("Y1S", old, at: LastYear));
        engine.NowUtc += TimeSpan.FromMinutes(3);

        var visit = await engine.OpenVisitAsync("A1R", psnNo);
        Ok(await engine.UploadAsync("A1U1", visit, "B1", FiveLines(first: 1)));
        Ok(await engine.UploadAsync("A1U2", visit, "B2", FiveLines(first: 6)));
        Ok(await engine.UploadAsync("A1U3", visit, "B3", [Line(1, "XC01", 3m), Line(2, "XA01", 7.5m)]));
        Ok(await engine.UploadAsync("A1U4", visit, "B4", 9m));
        Ok(await engine.CancelFeesAsync("A1F", visit, "B4"));
        var first = Ok(await engine.SettleAsync("A1S", visit));
        engine.NowUtc += TimeSpan.FromSeconds(41.5);
        Ok(await engine.CancelSettlementAsync("A1C", first.SettlementId!));
        Ok(await engine.SettleAsync("A1S2", visit));
        Assert.NotEqual(SettlementStatus.Ok, (await engine.UploadAsync("A1U5", visit, "B5", 10m)).Status);

        var chronic = await engine.OpenVisitAsync("K1R", psnNo, medType: MedType.Chronic, disease: Diabetes);
        Ok(await engine.UploadAsync("K1U", chronic, "B1", FiveLines(first: 1)));
        Ok(await engine.SettleAsync("K1S", chronic));

        var filed = await engine.OpenVisitAsync("Q1R", psnNo, QingpuHospital);
        Ok(await engine.UploadAsync("Q1U", filed, "B1", [Line(1, "XA01", 55m), Line(2, "XB01", 20m, 1.25m)],
            QingpuHospital));
        Ok(await engine.SettleAsync("Q1S", filed, institution: QingpuHospital));
        engine.NowUtc += TimeSpan.FromMinutes(1);

        await engine.SettledVisitAsync("R", 60m, psnNo: psnNo);
        Ok(await engine.ReverseAsync("RV", "RS"));
        Ok(await engine.ReverseAsync("GV", "G1R", "register"));
        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.RegisterAsync("G1R", psnNo)).Status);
        var dropped = await engine.OpenVisitAsync("D1R", psnNo);
        Ok(await engine.CancelRegistrationAsync("D1C", dropped));

        var state = engine.Api.StateOf(psnNo)!;
        await FillOutboxAsync(psnNo, state, engine.NowUtc + TimeSpan.FromMinutes(2));
        return state;
    }

    /// <summary>
    /// A state built by hand with what the engine's transactions rarely or never produce, but a stored state must
    /// keep all the same: every nullable member both null and set, default and empty immutable arrays, all three
    /// DateTime kinds, extreme amounts, a fingerprint with every bit set and one of zero, a rejection detail far
    /// over the wire's 256 bytes, and the reply bodies of queries.
    /// </summary>
    public static PersonState Edges()
    {
        var figures = new SettlementFigures
        {
            MedfeeSumamt = Money.FromFen(Money.FenMax),
            ActPayDedc = Money.FromFen(-Money.FenMax),
            PoolPropSelfpay = Ratio.One,
            Balc = Money.FromFen(-1),
            FilingCategory = FilingCategory.TemporaryOther,
            Year = 9999,
        };
        var state = new PersonState
        {
            Profile = new PersonProfile("P1", "名字 with ünïcødé 🙂", "360100", InsuranceType.Resident,
                PersonGroup.Resident, CivilServant: true, PersonStatus.Suspended, Filings: default,
                [new ChronicQualification("M01600", DateOnly.MinValue, null),
                    new ChronicQualification("M03900", new DateOnly(2025, 1, 1), DateOnly.MaxValue)]),
            AccountBalance = Money.FromFen(-Money.FenMax),
            LastSequence = long.MaxValue,
            LastSweptAtUtc = new DateTime(2025, 3, 10, 1, 2, 3, DateTimeKind.Utc).AddTicks(4567),
        };
        state.Accumulators[new YearBucket(2025, "GEN_OTP")] = default;
        state.Accumulators[new YearBucket(-1, "")] =
            new AccumulatorTotals(Money.FromFen(1), Money.FromFen(-2), Money.FromFen(Money.FenMax));
        state.Visits["V1"] = new VisitRecord
        {
            VisitId = "V1",
            Institution = "H1",
            TreatmentRegion = "",
            MedType = MedType.Chronic,
            Terms = new VisitTerms(FilingCategory.Local, "OPSP:M01600", Money.Zero, Ratio.Zero, null, Ratio.One,
                ReductionMode.RatioPoints, Ratio.FromBps(1), MayUseAccount: true),
            RegisteredAt = DateTime.MaxValue,
            TouchedAtUtc = DateTime.MinValue,
            Status = VisitStatus.Cancelled,
            ActiveSettlementId = null,
            Batches =
            [
                new FeeBatch("B1", default, default, null),
                new FeeBatch("B2", [], default, "S1"),
                new FeeBatch("B3",
                    [new ClassifiedLine(int.MinValue, CatalogGrade.C, Money.FromFen(1), default, default, default,
                        Money.FromFen(Money.FenMax))],
                    new LineTotals(Money.FromFen(1), default, default, default, Money.FromFen(Money.FenMax)), "S1"),
            ],
        };
        state.Visits["V2"] = new VisitRecord
        {
            VisitId = "V2",
            Institution = "H1",
            TreatmentRegion = "310118",
            MedType = MedType.General,
            Terms = new VisitTerms(FilingCategory.TemporaryOther, "GEN_OTP", Money.FromFen(30_000),
                Ratio.FromBps(5_500), Money.FromFen(0), Ratio.FromBps(2_000), ReductionMode.ExtraPreSelfPay, Ratio.Zero,
                MayUseAccount: false),
            RegisteredAt = new DateTime(2025, 6, 1, 9, 0, 0, DateTimeKind.Local),
            TouchedAtUtc = new DateTime(2025, 6, 1, 1, 0, 0, DateTimeKind.Utc),
            Status = VisitStatus.Settled,
            ActiveSettlementId = "S2",
        };
        state.Settlements["S1"] = new SettlementRecord
        {
            SettlementId = "S1",
            VisitId = "V1",
            Institution = "H1",
            MsgId = "M1",
            At = new DateTime(2025, 6, 1, 9, 0, 0, DateTimeKind.Local),
            Figures = figures,
            Bucket = "OPSP:M01600",
            BatchNos = default,
            State = SettlementState.Reversed,
            Cancellations =
                [new CancellationRecord("C1", default, true), new CancellationRecord("C2", DateTime.MaxValue, false)],
        };
        state.Settlements["S2"] = new SettlementRecord
        {
            SettlementId = "S2",
            VisitId = "V2",
            Institution = "H1",
            MsgId = "M2",
            At = default,
            Figures = new SettlementFigures(),
            Bucket = "",
            BatchNos = [],
        };
        var replies = EdgeReplies(figures);
        state.Messages[new MessageKey("H1", "M1")] = new MessageRecord(Operation.Settle, UInt128.MaxValue,
            StoredReply.Of(replies[0]), new DateTime(2025, 3, 10, 1, 0, 0, DateTimeKind.Unspecified),
            MessageOutcome.Accepted, "S1");
        state.Messages[new MessageKey("H1", "M2")] = new MessageRecord(Operation.Reverse, UInt128.Zero,
            StoredReply.Of(replies[1]), default, MessageOutcome.Reversed, null);
        state.Messages[new MessageKey("H1", "M3")] = new MessageRecord((Operation)short.MinValue, new UInt128(1, 2),
            StoredReply.Of(replies[2]), new DateTime(638_000_000_000_000_001, DateTimeKind.Utc),
            (MessageOutcome)byte.MaxValue, "");
        state.Outbox.Add(new LedgerEvent("S1#s", "H1", default, "360100", "310118", figures, Retracts: false));
        state.Outbox.Add(
            new LedgerEvent("S1#s", "H1", DateTime.MaxValue, "", "", new SettlementFigures(), Retracts: true));
        return state;
    }

    /// <summary>
    /// Replies at the edges of their stored form: every optional member set, a rejection detail far over the wire's
    /// 256 bytes (the log keeps it whole), empty where default is possible, default where empty is.
    /// </summary>
    public static IReadOnlyList<TransactionReply> EdgeReplies(SettlementFigures figures)
    {
        var longDetail = string.Concat(Enumerable.Repeat("超长的拒绝说明 long rejection detail; ", 40));
        return
        [
            new TransactionReply
            {
                Status = SettlementStatus.Ok,
                VisitId = "V1",
                SettlementId = "S1",
                Settlement = figures,
                Lines = [new LineResult(1, CatalogGrade.A, default, default, default, Money.FromFen(5))],
                Person = new PersonFigures(
                    Money.FromFen(7), [new AccumulatorFigures(2025, "GEN_OTP", default, default, default)]),
                Reconciliation = new ReconciliationFigures(true, int.MaxValue, default, default, Money.FromFen(-3)),
            },
            TransactionReply.Rejected(SettlementStatus.InvalidRequest, longDetail),
            new TransactionReply { Lines = [], Person = new PersonFigures(default, default) },
        ];
    }

    /// <summary>A settlement, its cancellation and a 2601 of the cancellation, none delivered.</summary>
    private static async Task FillOutboxAsync(string psnNo, PersonState state, DateTime nowUtc)
    {
        var ledger = new PersonLedger(psnNo, state, new ReferenceSnapshot(World(), version: 1), LedgerOptions.Default);
        var registry = new InMemoryMessageRegistry();
        var visit = Ok(await Run(new RegisterRequest("E1R", LocalHospital, psnNo, MedType.General, null, false, At)))
            .VisitId!;
        Ok(await Run(new UploadFeesRequest("E1U", LocalHospital, visit, "B1", At, [.. FiveLines(first: 1)])));
        var settle = Ok(await Run(new SettleRequest("E1S", LocalHospital, visit, UseAccount: false, At)));
        Ok(await Run(new CancelSettlementRequest("E1C", LocalHospital, settle.SettlementId!, At)));
        Assert.Equal(ReversalOutcome.Reversed, ledger.Reverse(new MessageKey(LocalHospital, "E1C"), At, nowUtc));
        Assert.Equal(3, state.Outbox.Count);
        Assert.True(state.Outbox[^1].Retracts);

        async Task<TransactionReply> Run(object request) =>
            (await PersonTransactions.RunAsync(ledger, registry, request, nowUtc)).Reply;
    }

    // Grades A, B over its cap, C, B under its cap at a fractional quantity, and A again.
    private static FeeLine[] FiveLines(int first) =>
    [
        Line(first, "XA01", 100m),
        Line(first + 1, "XB01", 40m, 2m),
        Line(first + 2, "XC01", 25.5m),
        Line(first + 3, "XB01", 11.37m, 0.75m),
        Line(first + 4, "XA01", 0.01m),
    ];

    private static TransactionReply Ok(TransactionReply reply)
    {
        Assert.True(reply.IsOk, $"{reply.Status} {reply.Message}");
        return reply;
    }
}
