using Engine.Contracts.Domain;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Grains;
using Engine.IntegrationTests.Infrastructure;
using Engine.Reference;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: once the settlement API knows of a reference version, no transaction it sends is answered from an older
/// silo cache, even before the silos' background poll has picked the version up.
/// </summary>
public sealed class ReferenceVersionTests
{
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);

    [Fact]
    public async Task Register_AtAnInstitutionOfTheVersionTheApiWasToldAbout_IsAccepted()
    {
        await using var cluster = await EngineTestCluster.StartAsync();
        await cluster.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 1));
        var settle = await SettleOnceAsync(cluster.Api, SyntheticReference.Institution, "A");
        Assert.True(settle.IsOk, settle.Status.ToString()); // The silo's cache holds the first version now.

        // A second version with a new institution, stored behind the API's back; the API is then told of it, as the
        // gateway is of a version another gateway loaded. The silos poll every 2 s: the calls come before that.
        const string newInstitution = "H36010200002";
        var update = ReferenceData.Empty with
        {
            Institutions = [new Institution(newInstitution, "东湖区二级医院", "360102", 2, true, true)],
        };
        var version = await cluster.Cluster.Client.GetGrain<IReferenceGrain>(0).UpsertAsync(update);
        cluster.Api.ReferenceVersion = version;

        var registered = await cluster.Api.RegisterAsync(new RegisterRequest(
            "B-R", newInstitution, SyntheticReference.PsnNo(0), MedType.General, null, false, Day));
        Assert.True(registered.IsOk, registered.Status + " " + registered.Message);
        var uploaded = await cluster.Api.UploadFeesAsync(
            new UploadFeesRequest("B-U", newInstitution, registered.VisitId!, "B1", Day, SyntheticReference.Lines));
        Assert.True(uploaded.IsOk, uploaded.Status + " " + uploaded.Message);
    }

    private static async Task<TransactionReply> SettleOnceAsync(GrainSettlementApi api, string institution, string prefix)
    {
        var registered = await api.RegisterAsync(new RegisterRequest(
            prefix + "-R", institution, SyntheticReference.PsnNo(0), MedType.General, null, false, Day));
        Assert.True(registered.IsOk, registered.Status.ToString());
        var uploaded = await api.UploadFeesAsync(
            new UploadFeesRequest(prefix + "-U", institution, registered.VisitId!, "B1", Day, SyntheticReference.Lines));
        Assert.True(uploaded.IsOk, uploaded.Status.ToString());
        return await api.SettleAsync(new SettleRequest(prefix + "-S", institution, registered.VisitId!, false, Day));
    }
}
