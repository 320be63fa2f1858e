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

    private static Task<(int ExitCode, string Log)> RunChaosAsync(params string[] args) =>
        LoadGeneratorProcess.RunAsync(RunTimeout, null, ["chaos", .. args]);
}
