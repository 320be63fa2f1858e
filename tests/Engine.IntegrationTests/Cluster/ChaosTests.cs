using System.Diagnostics;
using System.Text.Json;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.Cluster;

/// <summary>
/// The short chaos test: the load generator's <c>chaos</c> command (a separate process) against silo PROCESSES on
/// the test PostgreSQL server, open-loop visits through Engine.Client; the load starts on 2 silos, a third joins under
/// load, then a silo is SIGKILLed twice and restarted; then its verifier. The long version is
/// <c>Engine.LoadTests chaos</c> (docs/load-testing.md, "Chaos").
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ChaosTests(PostgresServer postgres)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Chaos_SiloAddedThenTwoKillsUnderLoad_NothingLostDuplicatedOrMismatched()
    {
        var database = await postgres.CreateDatabaseAsync();
        var output = Path.Combine(Path.GetTempPath(), "engine-chaos-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (exitCode, log) = await RunChaosAsync(
                "--duration", "55s", "--add-silo-at", "8s", "--kill-every", "20s", "--restart-after", "5s",
                "--rate", "25",
                "--persons", "400", "--terminals", "12", "--institutions", "6",
                "--connection-string", database, "--silo-dll", SiloProcess.DllPath, "--out", output);
            var summaryPath = Path.Combine(output, "summary.json");
            Assert.True(File.Exists(summaryPath), $"no summary.json (exit code {exitCode}):\n{log}");
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
            var root = summary.RootElement;

            // It really ran: settlements happened, and both planned kills happened and came back.
            Assert.True(root.GetProperty("settlementsOk").GetInt32() >= 500, log);
            Assert.Equal(2, root.GetProperty("plannedKills").GetInt32());
            var kills = root.GetProperty("kills").EnumerateArray().ToList();
            Assert.Equal(2, kills.Count);
            Assert.All(kills, k => Assert.Equal(JsonValueKind.Number, k.GetProperty("ReadyAtSeconds").ValueKind));

            // The silo added under load answered terminals (its share of the gateways' replies).
            var added = root.GetProperty("added");
            Assert.Equal(3, added.GetProperty("Silo").GetInt32());
            Assert.True(added.GetProperty("RepliesByNewSilo").GetInt32() > 0, log);

            // The invariants.
            Assert.Equal(0, root.GetProperty("lost").GetInt32());
            Assert.Equal(0, root.GetProperty("duplicated").GetInt32());
            Assert.Equal(0, root.GetProperty("accumulatorMismatches").GetInt32());
            Assert.Equal(0, root.GetProperty("capViolations").GetInt32());
            Assert.Equal(0, root.GetProperty("reconciliationMismatchFen").GetInt64());
            Assert.Equal(0, root.GetProperty("clearingMismatchFen").GetInt64());
            Assert.Empty(root.GetProperty("violations").EnumerateArray());
            Assert.True(root.GetProperty("passed").GetBoolean(), log);
            Assert.Equal(0, exitCode);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>Runs <c>dotnet Engine.LoadTests.dll chaos args…</c>; returns its exit code and its output.</summary>
    private static async Task<(int ExitCode, string Log)> RunChaosAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add(LoadGeneratorDll());
        start.ArgumentList.Add("chaos");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM would let it stop its silos; a hung run gets the whole tree killed instead.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The chaos command did not finish in {RunTimeout}: {await output}");
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The load generator built in this test project's configuration (bin/&lt;config&gt;/net10.0).</summary>
    private static string LoadGeneratorDll()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "loadtests", "Engine.LoadTests", "bin", configuration,
            framework.Name, "Engine.LoadTests.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (the test project references it; build the solution).");
        return dll;
    }
}
