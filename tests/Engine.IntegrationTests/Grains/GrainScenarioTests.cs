using Engine.IntegrationTests.Infrastructure;
using Engine.Tests;

namespace Engine.IntegrationTests.Grains;

/// <summary>Every public scenario driven through grain calls on an in-memory cluster (TestingHost).</summary>
public sealed class GrainScenarioTests
{
    [Theory]
    [MemberData(nameof(TestCases.Names), MemberType = typeof(TestCases))]
    public async Task Replay_PublicScenarioThroughGrainsInMemory_MatchesEveryExpectation(string name)
    {
        await using var cluster = await EngineTestCluster.StartAsync();
        await ScenarioRun.ReplayAndCheckAsync(name, cluster.Api, data => cluster.Api.LoadReferenceAsync(data));
    }
}
