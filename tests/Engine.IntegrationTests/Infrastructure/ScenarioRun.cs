using Engine.Contracts;
using Engine.Scenarios;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>Replays a public case through an API and checks every expectation.</summary>
public static class ScenarioRun
{
    /// <summary>Parses the case, loads its reference with <paramref name="load"/>, replays it, and asserts.</summary>
    public static async Task<ResultsDocument> ReplayAndCheckAsync(
        string caseName, ISettlementApi api, Func<Engine.Reference.ReferenceData, Task> load)
    {
        await using var file = File.OpenRead(Engine.Tests.TestCases.PathOf(caseName));
        using var document = ScenarioParser.ParseDocument(file);
        var scenario = ScenarioParser.Parse(document);
        await load(scenario.Reference);
        var results = await new ScenarioReplayer(api).ReplayAsync(scenario);
        var mismatches = ExpectationChecker.Check(document, results);
        Assert.True(mismatches.IsEmpty, string.Join(Environment.NewLine, mismatches));
        return results;
    }
}
