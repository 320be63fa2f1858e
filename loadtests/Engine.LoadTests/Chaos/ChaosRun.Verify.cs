using System.Diagnostics;
using System.Globalization;
using Engine.Client;
using Engine.LoadTests.Population;

namespace Engine.LoadTests.Chaos;

/// <summary>The chaos command's second half: the ledger settles, the verifier runs, the figures are gathered.</summary>
internal static partial class ChaosRun
{
    private static readonly TimeSpan LedgerPollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MetricsTimeout = TimeSpan.FromSeconds(5);

    private static async Task<ChaosReportData> VerifyAsync(ChaosOptions options, string[] args,
        DateTimeOffset started, SyntheticPopulation population, ChaosCluster cluster,
        List<ChaosTerminal> terminals, IReadOnlyList<LedgerRow> baseline, LoadResult run, string output,
        CancellationToken cancellationToken)
    {
        Console.WriteLine("load over; waiting for the ledger to stop changing (outboxes delivering) …");
        var settleSeconds = await WaitForLedgerAsync(cluster.ConnectionString, options.LedgerSettleTimeout,
            cancellationToken);
        var ledger = await EngineRecords.LedgerAsync(cluster.ConnectionString, cancellationToken);
        var registry = await EngineRecords.RegistryAsync(cluster.ConnectionString, run.RunTag, cancellationToken);
        var records = run.Log.Snapshot();
        await run.Log.WriteCsvAsync(Path.Combine(output, "replies.csv"));
        Console.WriteLine($"verifying {records.Count:N0} replies against {ledger.Count:N0} ledger rows …");
        var verifier = new Verifier(population, records, baseline.Select(r => r.EventId).ToHashSet(), baseline,
            ledger, registry);
        var silo = cluster.Silos.First(s => s.IsRunning);
        await using var admin = new AdminClient(new AdminClientOptions
        {
            Host = "127.0.0.1",
            Port = silo.TerminalPort,
            Secret = cluster.AdminSecret,
            TerminalId = "chaos-verifier",
        });
        var verification = await verifier.RunAsync(terminals[0].Client, admin, cancellationToken);
        var kills = run.Kills.OrderBy(k => k.KilledAtSeconds).ToList();
        var impacts = kills.Select((k, i) => KillImpact.Of(k,
            i + 1 < kills.Count ? kills[i + 1].KilledAtSeconds : options.Duration.TotalSeconds, run.Timeline,
            options.RatePerSecond)).ToList();
        var activations = new List<(int Silo, double? Activations)>();
        foreach (var s in cluster.Silos.Where(s => s.IsRunning))
        {
            activations.Add((s.Number, await ActivationsAsync(s.MetricsPort, cancellationToken)));
        }
        return new ChaosReportData(options, args, started, DateTimeOffset.UtcNow, run, records, impacts,
            verification, settleSeconds, PlannedKills(options), activations, AddedSilo.Of(options, run, records));
    }

    /// <summary>Polls the ledger until its row and retraction counts have not changed for three polls.</summary>
    private static async Task<double> WaitForLedgerAsync(string connectionString, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var last = (-1L, -1L);
        var unchanged = 0;
        while (stopwatch.Elapsed < timeout && unchanged < 3)
        {
            var now = await EngineRecords.LedgerCountsAsync(connectionString, cancellationToken);
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
            await Task.Delay(LedgerPollInterval, cancellationToken);
        }
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static int PlannedKills(ChaosOptions options)
    {
        if (options.KillEvery == TimeSpan.Zero) return 0;
        var count = 0;
        while (options.KillEvery * (count + 1) + options.RestartAfter + TimeSpan.FromSeconds(5) <= options.Duration)
        {
            count++;
        }
        return count;
    }

    /// <summary>Orleans' <c>orleans_catalog_activations</c> gauge from the silo's /metrics, or null.</summary>
    private static async Task<double?> ActivationsAsync(int metricsPort, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = MetricsTimeout };
        try
        {
            var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"),
                cancellationToken);
            double? sum = null;
            foreach (var line in text.Split('\n'))
            {
                if (!line.StartsWith("orleans_catalog_activations", StringComparison.Ordinal)) continue;
                var value = line[(line.LastIndexOf(' ') + 1)..];
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    sum = (sum ?? 0) + v;
                }
            }
            return sum;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
