using System.Diagnostics;
using System.Globalization;
using Engine.Client;
using Engine.LoadTests.Hosting;
using Engine.LoadTests.Population;
using Engine.LoadTests.Running;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// The <c>chaos</c> command: cluster up, population loaded, open-loop visits while silos are SIGKILLed and
/// restarted (and optionally one added), then the verifier and the report. Exit code 0 only when the verifier
/// found no violation, settlements happened, and every planned kill happened.
/// </summary>
internal static partial class ChaosRun
{
    private const int Cities = 4;
    private const int CatalogSize = 1_200;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(150);

    public static async Task<int> RunAsync(ChaosOptions options, string[] args, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var output = Path.GetFullPath(options.OutputDirectory
            ?? Path.Combine("reports", "chaos", $"chaos-{started.ToLocalTime():yyyyMMdd-HHmmss}"));
        Directory.CreateDirectory(output);
        Console.WriteLine($"Engine.LoadTests chaos → {output}");
        var population = SyntheticPopulation.Generate(options.Persons, options.Institutions, Cities, CatalogSize,
            options.Seed, Clock.BusinessNow().Year);
        await using var cluster = await ChaosCluster.CreateAsync(options, options.Silos, output);
        await StartInitialSilosAsync(cluster, options, cancellationToken);
        var first = cluster.Silos[0];
        await PopulationLoader.LoadAsync(population, "127.0.0.1", first.TerminalPort, cluster.AdminSecret, 4,
            cancellationToken);
        var baseline = await EngineRecords.LedgerAsync(cluster.ConnectionString, cancellationToken);
        var roster = new SiloRoster(options.InitialSilos);
        var ports = cluster.Silos.Select(s => s.TerminalPort).ToList();
        var terminals = Enumerable.Range(0, options.Terminals)
            .Select(i => new ChaosTerminal(i, population.Institutions[i % population.Institutions.Length],
                cluster.AdminSecret, ports, roster))
            .ToList();
        try
        {
            var run = await LoadAsync(options, population, cluster, terminals, roster, cancellationToken);
            var report = await VerifyAsync(options, args, started, population, cluster, terminals, baseline, run,
                output, cancellationToken);
            await ChaosReport.WriteAsync(report, output);
            return report.Passed ? 0 : 1;
        }
        finally
        {
            foreach (var terminal in terminals) await terminal.DisposeAsync();
            Console.WriteLine("stopping the silos" + (cluster.ThrowawayPostgres ? " and PostgreSQL" : "") + " …");
        }
    }

    private static async Task StartInitialSilosAsync(ChaosCluster cluster, ChaosOptions options,
        CancellationToken cancellationToken)
    {
        // The first silo alone, then the others together (as scripts/start-cluster.sh does).
        await cluster.Silos[0].StartAsync(cancellationToken);
        await Task.WhenAll(cluster.Silos.Skip(1).Take(options.InitialSilos - 1)
            .Select(s => s.StartAsync(cancellationToken)));
        foreach (var silo in cluster.Silos.Take(options.InitialSilos))
        {
            Console.WriteLine($"silo {silo.Number}: pid {silo.Pid}, terminal port {silo.TerminalPort}");
        }
    }

    /// <summary>The open-loop load with the kills (and the added silo) beside it; returns what happened.</summary>
    private static async Task<LoadResult> LoadAsync(ChaosOptions options, SyntheticPopulation population,
        ChaosCluster cluster, IReadOnlyList<ChaosTerminal> terminals, SiloRoster roster,
        CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(options.Duration.TotalSeconds);
        var timeline = new Timeline(seconds + 1);
        var log = new ReplyLog();
        var clock = Stopwatch.StartNew();
        var runTag = RunTag();
        var visit = new ChaosVisit(population, terminals, log, timeline, options.CancelPercent, runTag, clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var kills = new List<KillEvent>();
        var killing = KillLoopAsync(options, cluster, roster, kills, clock, stop.Token);
        double? addedAt = null;
        var adding = options.AddSiloAt is { } at
            ? AddSiloAsync(cluster.Silos[^1], at, terminals, roster, clock, t => addedAt = t, stop.Token)
            : Task.CompletedTask;
        using var progress = new Timer(_ => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clock.Elapsed.TotalSeconds,5:0}s: {visit.Completed:N0} visits done, {visit.Abandoned} abandoned, " +
            $"{visit.Rejected} rejected, {kills.Count} kills")), null, TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(10));
        var (visits, drops) = await ScheduleAsync(options, visit, timeline, clock, cancellationToken);
        try
        {
            await visits.WaitAsync(DrainTimeout, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Their answers are missing from the log: the verifier counts any effect as a row no client saw.
            Console.Error.WriteLine($"visits still running {DrainTimeout.TotalSeconds:0} s after the load; verifying");
        }
        var loadSeconds = clock.Elapsed.TotalSeconds;
        await killing;
        await adding;
        return new LoadResult(runTag, log, timeline, kills, drops, visit.Completed, visit.Abandoned, visit.Rejected,
            visit.Faulted, addedAt, loadSeconds);
    }

    /// <summary>Visit k is due at k / rate seconds; it starts then, whatever the earlier ones are doing, unless
    /// <see cref="ChaosOptions.InFlightMax"/> are unanswered (then it is dropped and counted).</summary>
    private static async Task<(Task All, long Drops)> ScheduleAsync(ChaosOptions options, ChaosVisit visit,
        Timeline timeline, Stopwatch clock, CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        var inFlight = 0;
        long drops = 0;
        long next = 0;
        while (clock.Elapsed < options.Duration && !cancellationToken.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * options.RatePerSecond);
            for (; next < due; next++)
            {
                timeline.Offered(clock.ElapsedMilliseconds);
                if (Volatile.Read(ref inFlight) >= options.InFlightMax)
                {
                    drops++;
                    continue;
                }
                Interlocked.Increment(ref inFlight);
                var k = next;
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await visit.RunAsync(k, CancellationToken.None);
                    }
                    catch (Exception exception) when (exception is not OutOfMemoryException)
                    {
                        if (Interlocked.Increment(ref visit.Faulted) <= 5)
                        {
                            Console.Error.WriteLine($"visit {k} failed: {exception}");
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }, CancellationToken.None));
            }
            await Task.Delay(5, CancellationToken.None);
        }
        return (Task.WhenAll(running), drops);
    }

    /// <summary>SIGKILL silo 1, 2, 3, … in turn every <see cref="ChaosOptions.KillEvery"/>; restart each after
    /// <see cref="ChaosOptions.RestartAfter"/>. No kill whose restart would not be done before the load ends.</summary>
    private static async Task KillLoopAsync(ChaosOptions options, ChaosCluster cluster, SiloRoster roster,
        List<KillEvent> kills, Stopwatch clock, CancellationToken cancellationToken)
    {
        if (options.KillEvery == TimeSpan.Zero) return;
        for (var k = 1; ; k++)
        {
            var at = options.KillEvery * k;
            if (at + options.RestartAfter + TimeSpan.FromSeconds(5) > options.Duration) return;
            var wait = at - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
            var victim = cluster.Silos[(k - 1) % roster.Started];
            var pid = victim.Pid;
            var killedAt = clock.Elapsed.TotalSeconds;
            await victim.KillAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{killedAt,5:0}s: kill -9 silo {victim.Number} (pid {pid})"));
            await Task.Delay(options.RestartAfter, cancellationToken);
            double? readyAt = null;
            try
            {
                await victim.StartAsync(cancellationToken);
                readyAt = clock.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{readyAt,5:0}s: silo {victim.Number} back (pid {victim.Pid})"));
            }
            catch (SetupException exception)
            {
                Console.Error.WriteLine($"silo {victim.Number} did not come back: {exception.Message}");
            }
            lock (kills) kills.Add(new KillEvent(victim.Number, pid, killedAt, readyAt));
        }
    }

    /// <summary>Starts the last silo under load, then sends every N-th terminal to it (the operator hands out the
    /// new address); new activations are placed on it by Orleans as on any silo.</summary>
    private static async Task AddSiloAsync(ChaosSilo silo, TimeSpan at, IReadOnlyList<ChaosTerminal> terminals,
        SiloRoster roster, Stopwatch clock, Action<double> added, CancellationToken cancellationToken)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clock.Elapsed.TotalSeconds,5:0}s: adding silo {silo.Number} under load …"));
        await silo.StartAsync(cancellationToken);
        roster.Add();
        var index = silo.Number - 1;
        foreach (var terminal in terminals)
        {
            // Every terminal learns the new address; every N-th makes it its home.
            terminal.Reconfigure(roster.Started, terminal.Index % roster.Started == index ? index : terminal.Home);
        }
        added(clock.Elapsed.TotalSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clock.Elapsed.TotalSeconds,5:0}s: silo {silo.Number} joined (pid {silo.Pid}); " +
            $"{terminals.Count(t => t.Home == index)} terminals moved to it"));
    }

    private static string RunTag()
    {
        // "C", 6 base-36 digits of the start second, a random letter: msgIds of runs never collide.
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var value = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 2_176_782_336L;
        var chars = new char[7];
        for (var i = 5; i >= 0; i--)
        {
            chars[i] = digits[(int)(value % 36)];
            value /= 36;
        }
        chars[6] = digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(10, 36)];
        return "C" + new string(chars);
    }
}
