using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.InProcess;

namespace Engine.Tests.Acceptance;

/// <summary>
/// A step whose visit or settlement member is missing is an INVALID_REQUEST (a required member is missing), not
/// the UNKNOWN_VISIT / UNKNOWN_SETTLEMENT of a label that names nothing (scenario-format.md §3 and §4).
/// </summary>
public sealed class MissingMemberTests
{
    private static readonly DateTime At = new(2025, 6, 1, 9, 0, 0);

    [Fact]
    public async Task VisitNamedSteps_EmptyVisitId_InvalidRequest()
    {
        using var engine = new InProcessSettlementApi();

        Assert.Equal(SettlementStatus.InvalidRequest,
            (await engine.UploadFeesAsync(new UploadFeesRequest("M1", "H1", "", "B1", At, ImmutableArray<FeeLine>.Empty))).Status);
        Assert.Equal(SettlementStatus.InvalidRequest,
            (await engine.SettleAsync(new SettleRequest("M2", "H1", "", false, At))).Status);
        Assert.Equal(SettlementStatus.InvalidRequest,
            (await engine.PreSettleAsync(new PreSettleRequest("H1", "", false, At))).Status);
        Assert.Equal(SettlementStatus.InvalidRequest,
            (await engine.CancelSettlementAsync(new CancelSettlementRequest("M3", "H1", "", At))).Status);
    }

    [Fact]
    public async Task VisitNamedSteps_IdThatNamesNothing_UnknownVisitOrSettlement()
    {
        using var engine = new InProcessSettlementApi();

        Assert.Equal(SettlementStatus.UnknownVisit,
            (await engine.SettleAsync(new SettleRequest("M2", "H1", "?unknown:v9", false, At))).Status);
        Assert.Equal(SettlementStatus.UnknownSettlement,
            (await engine.CancelSettlementAsync(new CancelSettlementRequest("M3", "H1", "P1-S4", At))).Status);
    }
}
