using Engine.InProcess;
using Engine.Scenarios;

namespace Engine.Tests.Acceptance;

/// <summary>
/// Every public scenario replayed against the pure in-process engine: every expected figure must match to the
/// fen. The same files are replayed through grains and through the TCP gateway by the integration tests.
/// </summary>
public sealed class InProcessScenarioTests
{
    [Theory]
    [MemberData(nameof(TestCases.Names), MemberType = typeof(TestCases))]
    public async Task Replay_PublicScenario_MatchesEveryExpectation(string name)
    {
        await using var file = File.OpenRead(TestCases.PathOf(name));
        using var document = ScenarioParser.ParseDocument(file);
        var scenario = ScenarioParser.Parse(document);
        using var engine = new InProcessSettlementApi();
        engine.LoadReference(scenario.Reference);

        var results = await new ScenarioReplayer(engine).ReplayAsync(scenario);

        var mismatches = ExpectationChecker.Check(document, results);
        Assert.True(mismatches.IsEmpty, string.Join(Environment.NewLine, mismatches));
        Assert.Equal(scenario.Steps.Length, results.Results.Length);
    }
}
