using Engine.IntegrationTests.Infrastructure;
using Engine.Tests;

namespace Engine.IntegrationTests.Grains;

/// <summary>Every public scenario driven through grain calls on a cluster whose state is in a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresScenarioTests(PostgresServer postgres)
{
    [Theory]
    [MemberData(nameof(TestCases.Names), MemberType = typeof(TestCases))]
    public async Task Replay_PublicScenarioThroughGrainsOnPostgres_MatchesEveryExpectation(string name)
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var cluster = await EngineTestCluster.StartAsync(database);
        var results = await ScenarioRun.ReplayAndCheckAsync(
            name, cluster.Api, data => cluster.Api.LoadReferenceAsync(data));

        // The state is in PostgreSQL, not in memory: one row per known person (the engine's grain storage), the
        // reference row (the AdoNet provider), and one ledger row per accepted settlement or cancellation.
        Assert.True(await PostgresProbe.CountAsync(database, "engine_grain_state") >= 1);
        Assert.True(await PostgresProbe.CountAsync(database, "orleansstorage") >= 1);
        var settlements = results.Results.Where(r => r.IsOk && r.Op == "settle").Select(r => r.SettlementId).Distinct();
        Assert.True(await PostgresProbe.CountAsync(database, "engine_ledger_row") >= settlements.Count());
        Assert.True(await PostgresProbe.CountAsync(database, "engine_message_registry") > 0);
    }
}
