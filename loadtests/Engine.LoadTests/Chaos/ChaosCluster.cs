using System.Globalization;
using System.Security.Cryptography;
using Engine.LoadTests.Hosting;
using Npgsql;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// PostgreSQL (a throwaway server from scripts/pg-throwaway.sh, or <c>--connection-string</c>) with the schema
/// applied, and the silo processes of one cluster on it. Never a silo in this process: a kill must be a real
/// SIGKILL of a real process.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    /// <summary>Connections per pool of each silo: 4 silos × (2 × 16 + 4) stay under the throwaway's 200.</summary>
    private const int PoolSizeMax = 16;

    private readonly string repoRoot;
    private readonly List<ChaosSilo> silos = [];
    private string? pgDirectory;

    private ChaosCluster(string repoRoot, string connectionString)
    {
        this.repoRoot = repoRoot;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; private set; }
    public string AdminSecret { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    public IReadOnlyList<ChaosSilo> Silos => silos;
    public bool ThrowawayPostgres => pgDirectory is not null;

    /// <summary>Database ready, schema applied, <paramref name="silosCount"/> silos prepared (none started).</summary>
    public static async Task<ChaosCluster> CreateAsync(ChaosOptions options, int silosCount, string outputDirectory)
    {
        var root = RepoRoot.Find() ?? Environment.CurrentDirectory;
        var siloDll = Path.GetFullPath(options.SiloDll
            ?? Path.Combine(root, "src", "Engine.Silo", "bin", "Release", "net10.0", "Engine.Silo.dll"));
        if (!File.Exists(siloDll))
        {
            throw new SetupException($"The silo is not built: {siloDll} does not exist. Build it with " +
                "`dotnet build -c Release src/Engine.Silo`, or pass --silo-dll PATH.");
        }
        var cluster = new ChaosCluster(root, options.ConnectionString ?? "");
        try
        {
            if (options.ConnectionString is null) await cluster.StartPostgresAsync();
            cluster.ConnectionString = WithPoolLimit(cluster.ConnectionString);
            var shared = new Dictionary<string, string>
            {
                ["Engine__Storage"] = "postgres",
                ["Engine__Clustering"] = "postgres",
                ["ConnectionStrings__Engine"] = cluster.ConnectionString,
            };
            if (options.MembershipProbeTimeout > TimeSpan.Zero)
            {
                shared["Engine__MembershipProbeTimeoutMs"] =
                    ((int)options.MembershipProbeTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            }
            if (options.MembershipMissedProbes > 0)
            {
                shared["Engine__MembershipMissedProbesLimit"] =
                    options.MembershipMissedProbes.ToString(CultureInfo.InvariantCulture);
            }
            Console.WriteLine("applying the schema (Engine.Silo schema apply) …");
            var (code, output) = await SiloHost.RunAsync("dotnet", [siloDll, "schema", "apply"], shared, root);
            if (code != 0) throw new SetupException($"schema apply failed ({code}):\n{output}");
            for (var i = 1; i <= silosCount; i++)
            {
                cluster.silos.Add(new ChaosSilo(i, siloDll, cluster.AdminSecret, shared,
                    Path.Combine(outputDirectory, $"silo-{i}.log")));
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping them in parallel: each may take its graceful-shutdown time.
        await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
        NpgsqlConnection.ClearAllPools();
        if (pgDirectory is not null && Directory.Exists(pgDirectory))
        {
            var script = Path.Combine(repoRoot, "scripts", "pg-throwaway.sh");
            var (code, output) = await SiloHost.RunAsync("bash", [script, "stop", pgDirectory], null, repoRoot);
            if (code != 0) await Console.Error.WriteLineAsync($"pg-throwaway.sh stop failed: {output}");
        }
    }

    private async Task StartPostgresAsync()
    {
        var script = Path.Combine(repoRoot, "scripts", "pg-throwaway.sh");
        if (!File.Exists(script)) throw new SetupException($"{script} is missing (run from the repository).");
        // Short path: the unix socket path inside it must stay under 107 bytes.
        pgDirectory = Path.Combine("/tmp", "chpg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        Console.WriteLine($"starting a throwaway PostgreSQL in {pgDirectory} …");
        var (code, output) = await SiloHost.RunAsync("bash", [script, "start", pgDirectory], null, repoRoot,
            stdoutOnly: true);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith("Host=", StringComparison.Ordinal));
        if (code != 0 || line is null) throw new SetupException($"pg-throwaway.sh start failed ({code}).");
        ConnectionString = line;
    }

    private static string WithPoolLimit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = PoolSizeMax;
        }
        return builder.ConnectionString;
    }
}
