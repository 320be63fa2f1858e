using Engine.Contracts.Grains;
using Engine.InProcess;
using Engine.IntegrationTests.Infrastructure;
using Engine.Scenarios;
using Engine.Tests;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: every grain interface works end to end (Orleans finds a codec for every argument only at run time), and
/// the grains' clearing and rule views agree with the in-process engine on the same scenario.
/// </summary>
public sealed class GrainContractTests
{
    [Fact]
    public async Task RegionAndLedgerGrains_AfterScenario_AgreeWithInProcessEngine()
    {
        await using var file = File.OpenRead(TestCases.PathOf("ex11-cancel-not-recomputed.json"));
        var scenario = ScenarioParser.Parse(file);
        using var reference = new InProcessSettlementApi();
        reference.LoadReference(scenario.Reference);
        await new ScenarioReplayer(reference).ReplayAsync(scenario);
        await using var cluster = await EngineTestCluster.StartAsync();
        await cluster.Api.LoadReferenceAsync(scenario.Reference);
        await new ScenarioReplayer(cluster.Api).ReplayAsync(scenario);
        var grains = cluster.Cluster.Client;

        var expected = reference.Clearing(2025, 6);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await grains.GetGrain<ILedgerGrain>(0).GetClearingAsync(2025, 6));
        var insured = expected[0].InsuredRegion;
        Assert.Equal(expected.Where(l => l.InsuredRegion == insured),
            await grains.GetGrain<IRegionGrain>(insured).GetClearingAsync(2025, 6));

        var rules = await grains.GetGrain<IRegionGrain>(insured).GetRulesInForceAsync(new DateOnly(2025, 6, 1));
        Assert.Equal(scenario.Reference.Policies.Where(p => p.Region == insured), rules);
        Assert.Empty(await grains.GetGrain<IRegionGrain>(insured).GetRulesInForceAsync(new DateOnly(2000, 1, 1)));
        Assert.Equal(0.2m, (await grains.GetGrain<IRegionGrain>(insured).GetSettingsAsync()).CivilServantRatio.ToDecimal());
        Assert.Equal(42, await cluster.Api.PingAsync("36010000000000000011", 42));
        Assert.True(await grains.GetGrain<IReferenceGrain>(0).GetVersionAsync() >= 1);
    }
}
