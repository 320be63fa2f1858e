using Engine.IntegrationTests.Infrastructure;
using Engine.Scenarios;
using Engine.Tests;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: state survives a full cluster restart on PostgreSQL. Half of each scenario runs on one cluster, the
/// whole cluster stops, a new one starts on the same database and runs the rest: the results document equals
/// that of one uninterrupted run, and every msgId sent before the restart gets its stored reply again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DurabilityTests(PostgresServer postgres)
{
    [Theory]
    [MemberData(nameof(TestCases.Names), MemberType = typeof(TestCases))]
    public async Task Replay_ClusterRestartedHalfway_SameResultsAsUninterruptedRun(string name)
    {
        var uninterrupted = await ReplayAsync(name, restartBeforeCall: int.MaxValue);
        var restarted = await ReplayAsync(name, restartBeforeCall: -1);

        Assert.Equal(ResultsDocumentWriter.ToJson(uninterrupted.Results), ResultsDocumentWriter.ToJson(restarted.Results));
        Assert.True(restarted.Retransmitted > 0, "the first half sent no state-changing request to retransmit");
    }

    private async Task<(ResultsDocument Results, int Retransmitted)> ReplayAsync(string name, int restartBeforeCall)
    {
        await using var file = File.OpenRead(TestCases.PathOf(name));
        var scenario = ScenarioParser.Parse(file);
        if (restartBeforeCall < 0) restartBeforeCall = scenario.Steps.Length / 2;
        var database = await postgres.CreateDatabaseAsync();
        var serviceId = "durability-" + Guid.NewGuid().ToString("N")[..8];
        var first = await EngineTestCluster.StartAsync(database, serviceId: serviceId);
        await first.Api.LoadReferenceAsync(scenario.Reference);
        await using var api = new RestartingApi(first, restartBeforeCall,
            () => EngineTestCluster.StartAsync(database, serviceId: serviceId));
        var results = await new ScenarioReplayer(api).ReplayAsync(scenario);
        return (results, api.Retransmitted);
    }
}
