using System.Text.Json;
using Engine.IntegrationTests.Infrastructure;
using Engine.Scenarios;
using Engine.Tests;

namespace Engine.IntegrationTests.Protocol;

/// <summary>
/// The public contract: <c>Engine.Silo replay</c> as a separate process drives the whole stack over TCP — embedded,
/// and with <c>--target</c> against a separately started silo — and its results document meets every expectation.
/// </summary>
public sealed class ReplayCommandTests
{
    [Theory]
    [MemberData(nameof(TestCases.Names), MemberType = typeof(TestCases))]
    public async Task Replay_Embedded_ResultsMeetEveryExpectation(string name)
    {
        var (exitCode, output, error) = await SiloProcess.RunAsync(["replay", TestCases.PathOf(name)]);

        Assert.True(exitCode == 0, error);
        AssertMeetsExpectations(name, output);
    }

    [Theory]
    [MemberData(nameof(TestCases.Names), MemberType = typeof(TestCases))]
    public async Task Replay_TargetRunningSilo_ResultsMeetEveryExpectation(string name)
    {
        await using var silo = await EngineSilo.StartAsync();
        var results = Path.GetTempFileName();

        var (exitCode, _, error) = await SiloProcess.RunAsync(["replay", TestCases.PathOf(name), "--out", results,
            "--target", silo.Endpoint.ToString(), "--admin-secret", EngineSilo.AdminSecret]);

        Assert.True(exitCode == 0, error);
        AssertMeetsExpectations(name, await File.ReadAllTextAsync(results));
        File.Delete(results);
    }

    [Fact]
    public async Task Replay_TargetServeProcess_ResultsMeetEveryExpectation()
    {
        using var serve = SiloProcess.Start(["serve", "--port", "0", "--admin-secret", "serve-secret",
            "--Engine:SiloPort=" + Engine.Hosting.EngineHost.FreeLoopbackPort(),
            "--Engine:OrleansGatewayPort=" + Engine.Hosting.EngineHost.FreeLoopbackPort()]);
        try
        {
            var endpoint = await ReadEndpointAsync(serve);

            var (exitCode, output, error) = await SiloProcess.RunAsync(["replay", TestCases.PathOf("t10-lifecycle-edges.json"),
                "--target", endpoint, "--admin-secret", "serve-secret"]);

            Assert.True(exitCode == 0, error);
            AssertMeetsExpectations("t10-lifecycle-edges.json", output);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task LoadReference_IntoRunningSilo_PersonsAndRulesAreThere()
    {
        await using var silo = await EngineSilo.StartAsync();

        var (exitCode, output, error) = await SiloProcess.RunAsync(["load-reference", TestCases.PathOf("ex13-civil-servant.json"),
            "--target", silo.Endpoint.ToString(), "--admin-secret", EngineSilo.AdminSecret]);

        Assert.True(exitCode == 0, error);
        Assert.Contains("1 persons", output, StringComparison.Ordinal);
        var info = await silo.Api.PersonInfoAsync(new Engine.Contracts.Messages.PersonInfoRequest(
            "H31011800001", "36010000000000000013", 2025));
        Assert.True(info.IsOk, info.Status.ToString());
    }

    [Fact]
    public async Task Replay_InvalidFile_ExitCode2WithThePath()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{ "name": "x", "reference": { "regions": 5 }, "steps": [] }""");

        var (exitCode, output, error) = await SiloProcess.RunAsync(["replay", file]);

        Assert.Equal(2, exitCode);
        Assert.Contains("$.reference.regions", error, StringComparison.Ordinal);
        Assert.Empty(output);
        File.Delete(file);
    }

    [Fact]
    public async Task Replay_TargetUnreachable_NonZeroExit()
    {
        var port = Engine.Hosting.EngineHost.FreeLoopbackPort(); // Nothing listens there.

        var (exitCode, _, _) = await SiloProcess.RunAsync(["replay", TestCases.PathOf("ex03-cap.json"),
            "--target", $"127.0.0.1:{port}", "--admin-secret", "x"]);

        Assert.NotEqual(0, exitCode);
    }

    private static async Task<string> ReadEndpointAsync(System.Diagnostics.Process serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await serve.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            const string prefix = "Engine gateway listening on ";
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..].Trim();
        }
        throw new InvalidOperationException("serve ended without printing its endpoint.");
    }

    private static void AssertMeetsExpectations(string name, string resultsJson)
    {
        using var scenario = JsonDocument.Parse(File.ReadAllBytes(TestCases.PathOf(name)));
        using var results = JsonDocument.Parse(resultsJson);
        var mismatches = ExpectationChecker.Check(scenario.RootElement, results.RootElement);
        Assert.True(mismatches.IsEmpty, string.Join(Environment.NewLine, mismatches));
        Assert.Equal(scenario.RootElement.GetProperty("steps").GetArrayLength(),
            results.RootElement.GetProperty("results").GetArrayLength());
    }
}
