using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;
using Engine.Scenarios;

namespace Engine.Tests.Scenarios;

public sealed class ScenarioReplayerTests
{
    private const string HospitalA = "H31011800001";
    private const string HospitalB = "H36010200001";
    private static readonly DateTime At = new(2025, 6, 1, 9, 0, 0, DateTimeKind.Unspecified);
    private static readonly TransactionReply Settled =
        new() { SettlementId = "SETL-1", Settlement = SampleResults.Settlement };
    private static readonly ImmutableArray<FeeLine> Lines =
        [new FeeLine(1, "X", Quantity.FromDecimal(1), default, Money.FromFen(100))];

    [Fact]
    public async Task ReplayAsync_LabelsOfAcceptedSteps_ResolveToReturnedIdsAndTheVisitsInstitution()
    {
        var api = new RecordingSettlementApi
        {
            Answer = request => request switch
            {
                RegisterRequest { MsgId: "r1" } => new TransactionReply { VisitId = "VISIT-1" },
                RegisterRequest { MsgId: "r2" } => new TransactionReply { VisitId = "VISIT-2" },
                SettleRequest => Settled,
                _ => TransactionReply.Ok,
            },
        };
        var scenario = Scenario(
            new RegisterStep(0, "v1", "r1", HospitalA, "P1", MedType.General, null, false, At),
            new RegisterStep(1, "v2", "r2", HospitalB, "P1", MedType.General, null, false, At),
            new UploadFeesStep(2, "v2", "u1", "B1", At, Lines),
            new CancelFeesStep(3, "v2", "c1", "0000", At),
            new PreSettleStep(4, "v2", "p1", true, At),
            new SettleStep(5, "s1", "v2", "s1", true, At),
            new CancelSettlementStep(6, "s1", "x1", At),
            new CancelRegistrationStep(7, "v1", "cr1", At));

        await new ScenarioReplayer(api).ReplayAsync(scenario);

        Assert.Equal(new UploadFeesRequest("u1", HospitalB, "VISIT-2", "B1", At, Lines), api.Requests[2]);
        Assert.Equal(new CancelFeesRequest("c1", HospitalB, "VISIT-2", "0000", At), api.Requests[3]);
        Assert.Equal(new PreSettleRequest(HospitalB, "VISIT-2", true, At), api.Requests[4]);
        Assert.Equal(new SettleRequest("s1", HospitalB, "VISIT-2", true, At), api.Requests[5]);
        Assert.Equal(new CancelSettlementRequest("x1", HospitalB, "SETL-1", At), api.Requests[6]);
        Assert.Equal(new CancelRegistrationRequest("cr1", HospitalA, "VISIT-1", At), api.Requests[7]);
    }

    [Fact]
    public async Task ReplayAsync_LabelOfRejectedRegistration_SentAsNonMatchingIdForItsInstitution()
    {
        var api = new RecordingSettlementApi
        {
            Answer = request => request is RegisterRequest
                ? TransactionReply.Rejected(SettlementStatus.NoValidFiling)
                : TransactionReply.Rejected(SettlementStatus.UnknownVisit),
        };
        var scenario = Scenario(
            new RegisterStep(0, "v1", "r1", HospitalB, "P1", MedType.General, null, false, At),
            new SettleStep(1, "s1", "v1", "m1", false, At),
            new CancelSettlementStep(2, "s1", "m2", At),
            new CancelRegistrationStep(3, "never", "m3", At),
            new CancelSettlementStep(4, "neverEither", "m4", At),
            new PreSettleStep(5, "", "m5", false, At));

        var results = await new ScenarioReplayer(api).ReplayAsync(scenario);

        Assert.Equal(new SettleRequest("m1", HospitalB, "?unknown:v1", false, At), api.Requests[1]);
        Assert.Equal(new CancelSettlementRequest("m2", HospitalB, "?unknown:s1", At), api.Requests[2]);
        Assert.Equal(new CancelRegistrationRequest("m3", "", "?unknown:never", At), api.Requests[3]);
        Assert.Equal(new CancelSettlementRequest("m4", "", "?unknown:neverEither", At), api.Requests[4]);
        Assert.Equal(new PreSettleRequest("", "", false, At), api.Requests[5]);
        Assert.Equal(SettlementStatus.NoValidFiling, results.Results[0].Status);
        Assert.Null(results.Results[0].VisitId);
        Assert.All(results.Results.Skip(1), result => Assert.Equal(SettlementStatus.UnknownVisit, result.Status));
    }

    [Fact]
    public async Task ReplayAsync_RetransmittedSettle_BindsItsLabelToTheReturnedSettlement()
    {
        var api = new RecordingSettlementApi
        {
            Answer = request => request switch
            {
                RegisterRequest => new TransactionReply { VisitId = "VISIT-1" },
                SettleRequest => Settled,
                _ => TransactionReply.Ok,
            },
        };
        var scenario = Scenario(
            new RegisterStep(0, "v1", "r1", HospitalA, "P1", MedType.General, null, false, At),
            new SettleStep(1, "first", "v1", "m1", false, At),
            new SettleStep(2, "again", "v1", "m1", false, At),
            new CancelSettlementStep(3, "again", "m2", At));

        var results = await new ScenarioReplayer(api).ReplayAsync(scenario);

        Assert.Equal(new CancelSettlementRequest("m2", HospitalA, "SETL-1", At), api.Requests[3]);
        Assert.Equal("SETL-1", results.Results[2].SettlementId);
    }

    [Fact]
    public async Task ReplayAsync_StepsSentAsGiven_ForStepsWithoutLabels()
    {
        var api = new RecordingSettlementApi();
        var scenario = Scenario(
            new RegisterStep(0, null, "r1", HospitalA, "P1", MedType.Chronic, "M01600", true, At),
            new ReverseStep(1, "m9", HospitalA, "m1", "settle", At),
            new PersonInfoStep(2, HospitalA, "P1", 2025),
            new ReconcileStep(
                3, HospitalA, new DateOnly(2025, 6, 1), 2, Money.FromFen(1), Money.FromFen(2), Money.FromFen(3)));

        await new ScenarioReplayer(api).ReplayAsync(scenario);

        Assert.Equal(
            [
                new RegisterRequest("r1", HospitalA, "P1", MedType.Chronic, "M01600", true, At),
                new ReverseRequest("m9", HospitalA, "m1", "settle", At),
                new PersonInfoRequest(HospitalA, "P1", 2025),
                new ReconcileRequest(
                    HospitalA, new DateOnly(2025, 6, 1), 2, Money.FromFen(1), Money.FromFen(2), Money.FromFen(3)),
            ],
            api.Requests);
    }

    [Fact]
    public async Task ReplayAsync_Replies_BuildResultEntriesWithTheMembersOfEachOp()
    {
        var person = new PersonFigures(Money.FromFen(100), []);
        var reconciliation = new ReconciliationFigures(true, 0, Money.Zero, Money.Zero, Money.Zero);
        LineResult[] lines = [new LineResult(1, CatalogGrade.A, Money.Zero, Money.Zero, Money.Zero, Money.FromFen(5))];
        var full = new TransactionReply
        {
            VisitId = "VISIT-1",
            SettlementId = "SETL-1",
            Settlement = SampleResults.Settlement,
            Lines = [.. lines],
            Person = person,
            Reconciliation = reconciliation,
        };
        var api = new RecordingSettlementApi
        {
            Answer = request => request is ReverseRequest
                ? TransactionReply.Rejected(SettlementStatus.InvalidRequest, "why")
                : full,
        };
        var scenario = Scenario(
            new RegisterStep(0, "v1", "r1", HospitalA, "P1", MedType.General, null, false, At),
            new UploadFeesStep(1, "v1", "u1", "B1", At, []),
            new PreSettleStep(2, "v1", "p1", false, At),
            new SettleStep(3, "s1", "v1", "m1", false, At),
            new CancelSettlementStep(4, "s1", "m2", At),
            new PersonInfoStep(5, HospitalA, "P1", 2025),
            new ReconcileStep(6, HospitalA, new DateOnly(2025, 6, 1), 0, Money.Zero, Money.Zero, Money.Zero),
            new ReverseStep(7, "m3", HospitalA, "m1", "settle", At),
            new CancelFeesStep(8, "v1", "c1", "B1", At));

        var results = await new ScenarioReplayer(api).ReplayAsync(scenario);

        var expected = new[]
        {
            new StepResult(0, "register", SettlementStatus.Ok) { VisitId = "VISIT-1" },
            new StepResult(1, "uploadFees", SettlementStatus.Ok) { Lines = full.Lines },
            new StepResult(2, "preSettle", SettlementStatus.Ok) { Settlement = SampleResults.Settlement },
            new StepResult(3, "settle", SettlementStatus.Ok)
            {
                SettlementId = "SETL-1", Settlement = SampleResults.Settlement,
            },
            new StepResult(4, "cancelSettlement", SettlementStatus.Ok) { Settlement = SampleResults.Settlement },
            new StepResult(5, "personInfo", SettlementStatus.Ok) { Person = person },
            new StepResult(6, "reconcile", SettlementStatus.Ok) { Reconciliation = reconciliation },
            new StepResult(7, "reverse", SettlementStatus.InvalidRequest) { Message = "why" },
            new StepResult(8, "cancelFees", SettlementStatus.Ok),
        };
        Assert.Equal("scenario", results.Name);
        Assert.Equal(expected, results.Results);
    }

    [Fact]
    public async Task ReplayAsync_ApiThrows_Propagates()
    {
        var api = new RecordingSettlementApi { Answer = _ => throw new IOException("connection reset") };
        var scenario = Scenario(
            new PersonInfoStep(0, HospitalA, "P1", 2025), new PersonInfoStep(1, HospitalA, "P1", 2025));

        await Assert.ThrowsAsync<IOException>(() => new ScenarioReplayer(api).ReplayAsync(scenario));
        Assert.Single(api.Requests);
    }

    private static Scenario Scenario(params ScenarioStep[] steps) =>
        new("scenario", ReferenceData.Empty, [.. steps]);
}
