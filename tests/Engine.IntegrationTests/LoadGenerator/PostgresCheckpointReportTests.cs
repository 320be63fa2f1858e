using System.Text.Json;
using Engine.IntegrationTests.Infrastructure;
using Npgsql;

namespace Engine.IntegrationTests.LoadGenerator;

/// <summary>
/// The load generator's record of PostgreSQL's checkpoints: a short durable visit run against the throwaway cluster it
/// starts, during whose measured phase the test forces a checkpoint (<c>CHECKPOINT</c>, on a connection of its own).
/// The report must list it in that phase, with the latency of the second it completed in, from the server's log, and
/// count the buffers it wrote.
/// </summary>
public sealed class PostgresCheckpointReportTests
{
    private const string ClusterLinePrefix = "starting a throwaway PostgreSQL in ";

    [Fact]
    public async Task DurableVisitRun_WithACheckpointForcedInThePhase_ReportsItInThatPhaseWithThatSecondsLatency()
    {
        var output = Path.Combine(Path.GetTempPath(), "engine-checkpoint-report-" + Guid.NewGuid().ToString("N")[..8]);
        string? clusterDirectory = null;
        var phaseStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var run = LoadGeneratorProcess.RunAsync(TimeSpan.FromMinutes(4), null, line =>
                {
                    if (line.StartsWith(ClusterLinePrefix, StringComparison.Ordinal))
                    {
                        Volatile.Write(ref clusterDirectory, line[ClusterLinePrefix.Length..].TrimEnd('…', ' '));
                    }
                    if (line.StartsWith("== phase run", StringComparison.Ordinal)) phaseStarted.TrySetResult();
                },
                "visit", "--storage", "postgres", "--persons", "1000", "--institutions", "4", "--terminals", "4",
                "--phase", "run:rate=100:8s", "--no-gc-trace", "--silo-dll", SiloProcess.DllPath, "--out", output);
            if (await Task.WhenAny(phaseStarted.Task, run) != phaseStarted.Task)
            {
                var (code, earlyLog) = await run;
                Assert.Fail($"the generator ended ({code}) before its phase began:\n{earlyLog}");
            }

            // Two seconds into the 8 s phase: the checkpoint completes well inside it.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var directory = Volatile.Read(ref clusterDirectory);
            Assert.NotNull(directory);
            var port = (await File.ReadAllTextAsync(Path.Combine(directory, "port"))).Trim();
            await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres"))
            {
                await connection.OpenAsync();
                await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection);
                await checkpoint.ExecuteNonQueryAsync();
            }

            var (exitCode, log) = await run;
            Assert.True(exitCode == 0, log);
            Assert.Contains("## PostgreSQL checkpoints", await File.ReadAllTextAsync(Path.Combine(output, "report.md")),
                StringComparison.Ordinal);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
            var checkpoints = summary.RootElement.GetProperty("postgres_checkpoints").EnumerateArray().ToList();
            // PostgreSQL logs a requested checkpoint's cause as "immediate force wait".
            var forced = Assert.Single(checkpoints, c => c.GetProperty("cause").GetString() == "immediate force wait");
            Assert.Equal("run", forced.GetProperty("phase").GetString());
            Assert.True(forced.GetProperty("started_utc").GetDateTime() <= forced.GetProperty("completed_utc").GetDateTime(),
                forced.ToString());
            var at = forced.GetProperty("completed_at_s").GetDouble();
            Assert.InRange(at, 0, 8.5);
            Assert.True(forced.GetProperty("sync_s").GetDouble() >= forced.GetProperty("longest_sync_s").GetDouble(),
                forced.ToString());
            // The second it completed in carried visits: its latency is there.
            Assert.True(forced.GetProperty("second_max_ms").GetDouble() > 0, forced.ToString());
            Assert.True(forced.GetProperty("second_p99_ms").GetDouble() <= forced.GetProperty("second_max_ms").GetDouble(),
                forced.ToString());
            // The forced checkpoint wrote the buffers the visits dirtied: the server's counters show it.
            var writes = summary.RootElement.GetProperty("postgres_buffer_writes");
            Assert.True(writes.GetProperty("ByCheckpoints").GetInt64() > 0, writes.ToString());
            Assert.True(writes.GetProperty("ByBackends").GetInt64() >= 0, writes.ToString());
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
