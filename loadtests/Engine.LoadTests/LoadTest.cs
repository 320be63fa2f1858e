using System.Collections.Immutable;
using System.Globalization;
using Engine.LoadTests.Cli;
using Engine.LoadTests.Diagnostics;
using Engine.LoadTests.Hosting;
using Engine.LoadTests.Population;
using Engine.LoadTests.Reports;
using Engine.LoadTests.Running;
using Engine.LoadTests.Scenarios;
using HdrHistogram;

namespace Engine.LoadTests;

/// <summary>One run: engine up (or --target), population, terminals, preparation, phases, reports, thresholds.</summary>
internal static class LoadTest
{
    public static async Task<int> RunAsync(LoadTestOptions options, string[] args, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var output = Path.GetFullPath(options.OutputDirectory ?? Path.Combine("reports", "load",
            $"{options.ScenarioName}-{started.ToLocalTime():yyyyMMdd-HHmmss}"));
        Directory.CreateDirectory(output);
        var machine = MachineInfo.Read();
        Console.WriteLine($"Engine.LoadTests {options.ScenarioName} → {output}");
        Console.WriteLine($"machine: {machine.Summary}, load average {machine.LoadAverage}");

        SiloHost? silo = null;
        try
        {
            string host, adminSecret;
            int port;
            if (options.EmbeddedSilo)
            {
                silo = await SiloHost.StartAsync(options, output);
                (host, port, adminSecret) = (silo.Host, silo.Port, silo.AdminSecret);
            }
            else
            {
                (host, port, adminSecret) = (options.TargetHost!, options.TargetPort, options.AdminSecret!);
            }

            var year = Clock.BusinessNow().Year;
            var population = SyntheticPopulation.Generate(options.Persons, options.Institutions, options.Cities,
                options.CatalogSize, options.Seed, year);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"population (seed {options.Seed}): {options.Persons:N0} persons, {population.Reference.Institutions.Length} " +
                $"institutions, {population.Reference.Catalog.Length:N0} catalogue entries; planned mean visit " +
                $"{population.PlannedVisitFen / 100:0.00} yuan"));
            if (!options.SkipLoad)
            {
                try
                {
                    await PopulationLoader.LoadAsync(population, host, port, adminSecret, options.LoadParallelism, cancellationToken);
                }
                catch (Exception exception) when (exception is System.Net.Sockets.SocketException or TimeoutException
                    or Engine.Client.ConnectionLostException or System.Security.Authentication.AuthenticationException)
                {
                    throw new SetupException($"Loading the population into {host}:{port} failed: {exception.Message}");
                }
            }

            var terminals = Enumerable.Range(0, options.Terminals)
                .Select(i => Terminal.Create(i, population.Institutions[i % population.Institutions.Length], host, port,
                    adminSecret, options.RequestTimeout))
                .ToImmutableArray();
            try
            {
                await Task.WhenAll(terminals.Select(t => t.GetAsync()));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw new SetupException($"Terminals could not sign in at {host}:{port}: {exception.Message} " +
                    "(with --target, is --admin-secret the silo's and the terminal master key derived from it?)");
            }
            Console.WriteLine($"{terminals.Length} terminals signed in");

            var runTag = RunTag(started);
            var world = new World(population, terminals, runTag);
            var live = new LiveMetrics();
            ScenarioBase scenario = options.Scenario switch
            {
                ScenarioKind.Echo => new EchoScenario(world, live),
                ScenarioKind.Ping => new PingScenario(world, live),
                ScenarioKind.Visit => new VisitScenario(world, live),
                ScenarioKind.SettleOnly => new SettleOnlyScenario(world, live, options.Prepare ?? PrepareCount(options),
                    options.PrepareConcurrency),
                ScenarioKind.Mixed => new MixedScenario(world, live),
                _ => throw new InvalidOperationException(),
            };
            await scenario.PrepareAsync(cancellationToken);

            var cpu = new ProcessCpu(silo?.Pid ?? options.SiloPid, () => silo?.PostmasterPid());
            long? commitsBefore = null;
            PostgresBufferWrites? buffersBefore = null;
            if (silo?.PostgresConnectionString is { } pg)
            {
                // PostgreSQL publishes a backend's counters when it goes idle, at most once a second, and an idle
                // backend's pending counters after 10 s: wait that out so the window holds the phases' commits only.
                Console.WriteLine("waiting 11 s for PostgreSQL's statistics to settle …");
                await Task.Delay(TimeSpan.FromSeconds(11), cancellationToken);
                commitsBefore = await Postgres.CommitsAsync(pg);
                buffersBefore = await Postgres.BufferWritesAsync(pg);
            }

            IReadOnlyList<PhaseStats> phases;
            IReadOnlyList<SecondSample> samples;
            double runStartUnixMs;
            // HdrHistogram.NET writes its log as UTF-16; the log format (and the Java/Python readers) is ASCII, so the
            // log is written to a scratch file and transcoded once the run is over.
            var logPath = Path.Combine(output, "latency.hlog");
            var scratchPath = logPath + ".utf16";
            var siloPid = silo?.Pid ?? options.SiloPid;
            var gcTrace = options.GcTrace && siloPid is { } tracedPid ? SiloGcTrace.TryStart(tracedPid, options.SiloAllocations) : null;
            SiloGcRecord? gcRecord = null;
            await using (var logStream = File.Create(scratchPath))
            {
                using var log = new HistogramLogWriter(logStream);
                var runner = new LoadRunner(options, scenario, live, cpu, log);
                try
                {
                    phases = await runner.RunAsync(cancellationToken);
                }
                finally
                {
                    if (gcTrace is not null)
                    {
                        await using (gcTrace) gcRecord = await gcTrace.StopAsync();
                    }
                }
                samples = runner.Samples;
                runStartUnixMs = runner.RunStartUnixMs;
            }
            var siloGc = gcRecord is null ? null : phases.ToDictionary(p => p.Name, p => GcSummary.Of(gcRecord,
                DateTime.UnixEpoch.AddMilliseconds(runStartUnixMs + p.StartSeconds * 1000),
                DateTime.UnixEpoch.AddMilliseconds(runStartUnixMs + p.EndSeconds * 1000)));
            await File.WriteAllTextAsync(logPath,
                await File.ReadAllTextAsync(scratchPath, System.Text.Encoding.Unicode, CancellationToken.None),
                System.Text.Encoding.ASCII, CancellationToken.None);
            File.Delete(scratchPath);

            long? commitsAfter = null;
            PostgresBufferWrites? bufferWrites = null;
            if (silo?.PostgresConnectionString is { } pgAfter)
            {
                Console.WriteLine("waiting 11 s for PostgreSQL's statistics …");
                await Task.Delay(TimeSpan.FromSeconds(11), CancellationToken.None);
                commitsAfter = await Postgres.CommitsAsync(pgAfter);
                if (buffersBefore is not null) bufferWrites = (await Postgres.BufferWritesAsync(pgAfter))?.Since(buffersBefore);
            }
            foreach (var terminal in terminals) await terminal.DisposeAsync();
            var checkpoints = silo?.PostgresLogPath is { } serverLog && File.Exists(serverLog)
                ? PostgresCheckpoint.Read(serverLog) : null;

            var report = new RunReport(options, args, scenario.IterationName, started, DateTimeOffset.UtcNow, machine,
                MachineInfo.Read().LoadAverage, EngineDescription(options, silo, host, port), population, phases, samples,
                runStartUnixMs, commitsBefore, commitsAfter, (scenario as SettleOnlyScenario)?.Preparation,
                logPath, siloGc, checkpoints, bufferWrites);
            var passed = ReportWriter.Write(report, output);
            Console.WriteLine($"reports: {Path.Combine(output, "report.md")}, report.html, *.png, latency.hlog, summary.json");
            return passed ? 0 : 1;
        }
        finally
        {
            if (silo is not null)
            {
                Console.WriteLine("stopping the silo" + (silo.PostgresConnectionString is null ? "" : " and PostgreSQL") + " …");
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>Visits to prepare for settle-only: what the rate phases will ask for, plus a margin.</summary>
    private static int PrepareCount(LoadTestOptions options)
    {
        double total = 0;
        foreach (var phase in options.Phases)
        {
            var seconds = phase.Duration.TotalSeconds;
            total += phase.Kind switch
            {
                PhaseKind.Rate when !phase.PercentOfSaturation => phase.From * seconds,
                PhaseKind.Ramp => (phase.From + phase.To) / 2 * seconds,
                _ => 5_000 * seconds,
            };
        }
        return (int)Math.Min(2_000_000, Math.Ceiling(total * 1.05) + 1_000);
    }

    private static string RunTag(DateTimeOffset started)
    {
        // 6 base-36 digits of the start second (unique per run for 69 years) then a random letter: msgIds of runs
        // against the same engine never collide.
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var value = started.ToUnixTimeSeconds() % 2_176_782_336L;
        var chars = new char[7];
        for (var i = 5; i >= 0; i--)
        {
            chars[i] = digits[(int)(value % 36)];
            value /= 36;
        }
        chars[6] = digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(10, 36)];
        return "L" + new string(chars);
    }

    private static EngineInfo EngineDescription(LoadTestOptions options, SiloHost? silo, string host, int port) =>
        silo is null
            ? new EngineInfo($"--target {host}:{port}", "the target's own", options.SiloPid, null, null)
            : new EngineInfo($"silo process started by the tool ({silo.SiloDll}), {host}:{port}" +
                (silo.SiloOnlySettings.Count == 0 ? "" : $", silo environment {string.Join(" ", silo.SiloOnlySettings)}"),
                options.Storage == StorageKind.Postgres ? "PostgreSQL (throwaway cluster)" : "in-memory",
                silo.Pid, silo.PostgresVersion, silo.PostgresConnectionString is null ? null : "started by the tool");
}
