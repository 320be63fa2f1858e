using System.Text.Json;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.LoadGenerator;

/// <summary>
/// The load generator's record of the silo's garbage collections (an EventPipe session on the silo process it starts)
/// and of its own (the runtime's counters), and the SILO_-prefixed variables it hands to that silo alone: a short
/// open-loop ping run, read back from its summary.json.
/// </summary>
public sealed class SiloGcReportTests
{
    [Fact]
    public async Task PingRun_WithASmallGen0Budget_ReportsTheSilosCollectionsSplitIntoPartsAndTheGenerators()
    {
        var output = Path.Combine(Path.GetTempPath(), "engine-gc-report-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // A 1 MB gen0 budget makes the silo (and, given plainly, the generator) collect several times a second even
            // at this small rate. The silo's default Server GC sizes gen0 itself (DATAS ignores the size), so the silo
            // runs the workstation collector here.
            var (exitCode, log) = await LoadGeneratorProcess.RunAsync(TimeSpan.FromMinutes(3),
                new Dictionary<string, string>
                {
                    ["SILO_DOTNET_gcServer"] = "0",
                    ["SILO_DOTNET_GCgen0size"] = "0x100000",
                    ["DOTNET_GCgen0size"] = "0x100000",
                },
                "ping", "--persons", "1000", "--institutions", "4", "--terminals", "4",
                "--phase", "run:rate=2000:4s", "--silo-dll", SiloProcess.DllPath, "--out", output);
            Assert.True(exitCode == 0, log);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
            var root = summary.RootElement;

            // The variables reached the silo (the report names them, in the environment's order) without the prefix.
            var where = root.GetProperty("engine").GetProperty("Where").GetString()!;
            Assert.Contains("silo environment ", where, StringComparison.Ordinal);
            var siloEnvironment = where[where.IndexOf("silo environment ", StringComparison.Ordinal)..];
            Assert.Contains("DOTNET_GCgen0size=0x100000", siloEnvironment, StringComparison.Ordinal);
            Assert.Contains("DOTNET_gcServer=0", siloEnvironment, StringComparison.Ordinal);

            var own = root.GetProperty("phases")[0].GetProperty("generator_gc");
            Assert.InRange(own.GetProperty("PausedShare").GetDouble(), 1e-6, 0.9);
            Assert.True(own.GetProperty("Gen0").GetInt32() >= 1, own.ToString());

            var gc = root.GetProperty("phases")[0].GetProperty("silo_gc");
            var paused = gc.GetProperty("PausedShare").GetDouble();
            Assert.InRange(paused, 1e-6, 0.9);
            var kinds = gc.GetProperty("Kinds").EnumerateArray().ToList();
            var gen0 = Assert.Single(kinds, k => k.GetProperty("Kind").GetString() == "gen0");
            Assert.True(gen0.GetProperty("Count").GetInt32() >= 4, gc.ToString());
            foreach (var kind in kinds)
            {
                // The parts of a collection are inside its pause, and the suspension is part of it too.
                var mean = kind.GetProperty("PauseMeanMs").GetDouble();
                var parts = kind.GetProperty("MarkStackMeanMs").GetDouble() + kind.GetProperty("MarkCardsMeanMs").GetDouble()
                    + kind.GetProperty("MarkOtherRootsMeanMs").GetDouble() + kind.GetProperty("AfterMarkMeanMs").GetDouble();
                Assert.True(mean > 0, kind.ToString());
                Assert.True(parts + kind.GetProperty("SuspendMeanMs").GetDouble() <= mean + 1e-6, kind.ToString());
                Assert.True(kind.GetProperty("PauseMaxMs").GetDouble() >= mean, kind.ToString());
                Assert.True(kind.GetProperty("PromotedViaCardsMeanKb").GetDouble() <= kind.GetProperty("PromotedMeanKb").GetDouble() + 1e-9,
                    kind.ToString());
                // Every collection of the kind has its reason (the runtime's, e.g. AllocSmall).
                var reasons = kind.GetProperty("Reasons").EnumerateObject().ToList();
                Assert.All(reasons, reason => Assert.False(string.IsNullOrWhiteSpace(reason.Name), kind.ToString()));
                Assert.Equal(kind.GetProperty("Count").GetInt32(), reasons.Sum(reason => reason.Value.GetInt32()));
            }
            // Pauses of 100 ms or more are listed one by one (none is expected here, but the list is there), and so are
            // background gen2 collections, each with its span.
            Assert.Equal(JsonValueKind.Array, gc.GetProperty("LongPauses").ValueKind);
            var backgrounds = gc.GetProperty("Backgrounds");
            Assert.Equal(JsonValueKind.Array, backgrounds.ValueKind);
            Assert.All(backgrounds.EnumerateArray(), b => Assert.True(b.GetProperty("DurationMs").GetDouble() > 0, b.ToString()));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
