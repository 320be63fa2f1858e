using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Engine.LoadTests.Cli;
using Engine.LoadTests.Diagnostics;

namespace Engine.LoadTests.Hosting;

/// <summary>The engine could not be started or reached: exit code 3.</summary>
internal sealed class SetupException(string message) : Exception(message);

/// <summary>
/// A silo PROCESS this tool starts (never in its own process): <c>dotnet Engine.Silo.dll serve --port 0
/// --admin-secret &lt;random&gt;</c> on loopback, with free ports for Orleans' own silo and gateway endpoints. With
/// PostgreSQL: a throwaway cluster from scripts/pg-throwaway.sh, <c>schema apply</c>, then the silo with
/// Engine__Storage=postgres. Disposing stops the silo (SIGTERM, then kill) and removes the cluster.
/// </summary>
internal sealed class SiloHost : IAsyncDisposable
{
    private const string ListeningPrefix = "Engine gateway listening on ";

    private readonly string repoRoot;
    private readonly StreamWriter siloLog;
    private readonly string siloLogPath;
    private Process? silo;
    private string? pgDirectory;

    private SiloHost(string repoRoot, string logPath)
    {
        this.repoRoot = repoRoot;
        siloLogPath = logPath;
        siloLog = new StreamWriter(logPath) { AutoFlush = true };
    }

    public string Host { get; private set; } = "127.0.0.1";
    public int Port { get; private set; }
    public string AdminSecret { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    public int Pid => silo?.Id ?? 0;
    public string SiloDll { get; private set; } = "";
    public string? PostgresConnectionString { get; private set; }
    public string? PostgresVersion { get; private set; }

    /// <summary>The throwaway PostgreSQL's server log while it runs, or null without PostgreSQL.</summary>
    public string? PostgresLogPath => pgDirectory is null ? null : Path.Combine(pgDirectory, "log", "postgresql.log");

    /// <summary>The postmaster's pid (first line of postmaster.pid), or null without PostgreSQL.</summary>
    public int? PostmasterPid()
    {
        if (pgDirectory is null) return null;
        try
        {
            var first = File.ReadLines(Path.Combine(pgDirectory, "data", "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static async Task<SiloHost> StartAsync(LoadTestOptions options, string outputDirectory)
    {
        var root = RepoRoot.Find();
        var host = new SiloHost(root ?? Environment.CurrentDirectory, Path.Combine(outputDirectory, "silo.log"));
        try
        {
            host.SiloDll = Path.GetFullPath(options.SiloDll
                ?? Path.Combine(root ?? ".", "src", "Engine.Silo", "bin", "Release", "net10.0", "Engine.Silo.dll"));
            if (!File.Exists(host.SiloDll))
            {
                throw new SetupException($"The silo is not built: {host.SiloDll} does not exist. Build it with " +
                    "`dotnet build -c Release src/Engine.Silo`, or pass --silo-dll PATH (or --target host:port).");
            }
            var environment = new Dictionary<string, string>
            {
                ["Engine__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Engine__OrleansGatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            };
            if (options.Storage == StorageKind.Postgres)
            {
                await host.StartPostgresAsync();
                environment["Engine__Storage"] = "postgres";
                environment["ConnectionStrings__Engine"] = host.PostgresConnectionString!;
                Console.WriteLine("applying the schema (Engine.Silo schema apply) …");
                var (code, output) = await RunAsync("dotnet", [host.SiloDll, "schema", "apply"], environment, root);
                await host.siloLog.WriteAsync(output);
                if (code != 0) throw new SetupException($"schema apply failed ({code}):\n{output}");
            }
            // SILO_<NAME>=value in the generator's environment becomes <NAME>=value for the silo alone: runtime knobs
            // such as DOTNET_GCgen0size are read from the environment only, and set plainly they would change the
            // generator's own process too, so a comparison would measure both.
            foreach (var (name, value) in SiloOnlyVariables())
            {
                environment[name] = value;
                host.SiloOnlySettings.Add($"{name}={value}");
            }
            await host.StartSiloAsync(environment);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The SILO_-prefixed variables passed to the silo alone, as NAME=value (shown in the report).</summary>
    public List<string> SiloOnlySettings { get; } = [];

    private static IEnumerable<(string Name, string Value)> SiloOnlyVariables()
    {
        const string prefix = "SILO_";
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
            {
                yield return (name[prefix.Length..], entry.Value as string ?? "");
            }
        }
    }

    private async Task StartPostgresAsync()
    {
        var script = Path.Combine(repoRoot, "scripts", "pg-throwaway.sh");
        if (!File.Exists(script)) throw new SetupException($"{script} is missing (run from the repository).");
        // Short path: the unix socket path inside it must stay under 107 bytes.
        pgDirectory = Path.Combine("/tmp", "ltpg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        Console.WriteLine($"starting a throwaway PostgreSQL in {pgDirectory} …");
        var (code, output) = await RunAsync("bash", [script, "start", pgDirectory], null, repoRoot, stdoutOnly: true);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith("Host=", StringComparison.Ordinal));
        if (code != 0 || line is null) throw new SetupException($"pg-throwaway.sh start failed ({code}).");
        PostgresConnectionString = line;
        var (_, version) = await Postgres.QueryAsync(line, "show server_version");
        PostgresVersion = version.Trim();
    }

    private async Task StartSiloAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repoRoot,
        };
        foreach (var arg in new[] { SiloDll, "serve", "--port", "0", "--bind", "127.0.0.1", "--admin-secret", AdminSecret })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment) start.Environment[key] = value;
        Console.WriteLine($"starting the silo: dotnet {SiloDll} serve --port 0 --bind 127.0.0.1 --admin-secret <random>" +
            (environment.ContainsKey("Engine__Storage") ? " (Engine__Storage=postgres)" : " (in-memory storage)"));
        silo = Process.Start(start) ?? throw new SetupException("dotnet did not start.");
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (siloLog) siloLog.WriteLine(e.Data);
            if (e.Data.StartsWith(ListeningPrefix, StringComparison.Ordinal)) endpoint.TrySetResult(e.Data[ListeningPrefix.Length..].Trim());
        };
        silo.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (siloLog) siloLog.WriteLine(e.Data);
        };
        silo.BeginOutputReadLine();
        silo.BeginErrorReadLine();
        var exited = silo.WaitForExitAsync();
        var first = await Task.WhenAny(endpoint.Task, exited, Task.Delay(TimeSpan.FromSeconds(120)));
        if (first != endpoint.Task)
        {
            throw new SetupException(first == exited
                ? $"The silo exited ({silo.ExitCode}) before listening; see {((FileStream)siloLog.BaseStream).Name}."
                : "The silo did not print its endpoint within 120 s.");
        }
        var text = await endpoint.Task;
        var colon = text.LastIndexOf(':');
        Host = text[..colon].Trim('[', ']');
        Port = int.Parse(text.AsSpan(colon + 1), CultureInfo.InvariantCulture);
        Console.WriteLine($"silo pid {silo.Id} listening on {Host}:{Port}");
    }

    public async ValueTask DisposeAsync()
    {
        if (silo is { HasExited: false })
        {
            _ = NativeMethods.Kill(silo.Id, NativeMethods.SigTerm);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await silo.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                silo.Kill(entireProcessTree: true);
                await silo.WaitForExitAsync(CancellationToken.None);
            }
        }
        silo?.Dispose();
        if (pgDirectory is not null && Directory.Exists(pgDirectory))
        {
            // The server's log (checkpoints, autovacuum, errors) goes with the report before the cluster is deleted.
            var serverLog = PostgresLogPath!;
            if (File.Exists(serverLog) && Path.GetDirectoryName(siloLogPath) is { } reportDirectory)
            {
                File.Copy(serverLog, Path.Combine(reportDirectory, "postgresql.log"), overwrite: true);
            }
            var (code, output) = await RunAsync("bash", [Path.Combine(repoRoot, "scripts", "pg-throwaway.sh"), "stop", pgDirectory],
                null, repoRoot);
            if (code != 0) await Console.Error.WriteLineAsync($"pg-throwaway.sh stop failed: {output}");
        }
        await siloLog.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to its end; returns its exit code and output (stdout, or stdout + stderr).</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment, string? workingDirectory, bool stdoutOnly = false)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (environment is not null)
        {
            foreach (var (key, value) in environment) start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new SetupException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var err = await stderr;
        if (stdoutOnly && process.ExitCode != 0) await Console.Error.WriteAsync(err);
        return (process.ExitCode, stdoutOnly ? await stdout : await stdout + err);
    }
}

/// <summary>The repository root: the first directory holding Engine.sln, from the working directory up, then from
/// the tool's own directory up.</summary>
internal static class RepoRoot
{
    public static string? Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
            }
        }
        return null;
    }
}

/// <summary>psql one-liners against the throwaway cluster (xact_commit, buffer writes, the server version).</summary>
internal static class Postgres
{
    public static async Task<(int Code, string Output)> QueryAsync(string connectionString, string sql)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = parts.GetValueOrDefault("Password", "") };
        return await SiloHost.RunAsync("psql", ["-X", "-A", "-t", "-h", parts.GetValueOrDefault("Host", "127.0.0.1"),
            "-p", parts.GetValueOrDefault("Port", "5432"), "-U", parts.GetValueOrDefault("Username", "engine"),
            "-d", parts.GetValueOrDefault("Database", "engine"), "-c", sql], environment, null, stdoutOnly: true);
    }

    /// <summary>pg_stat_database.xact_commit of the engine's database.</summary>
    public static async Task<long?> CommitsAsync(string connectionString)
    {
        var (code, output) = await QueryAsync(connectionString,
            "select xact_commit from pg_stat_database where datname = current_database()");
        return code == 0 && long.TryParse(output.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>
    /// The server's buffer writes by writer (<c>pg_stat_bgwriter</c>, PostgreSQL 15 and 16); null where the view no
    /// longer has these columns (PostgreSQL 17 moved them).
    /// </summary>
    public static async Task<PostgresBufferWrites?> BufferWritesAsync(string connectionString)
    {
        var (code, output) = await QueryAsync(connectionString,
            "select buffers_checkpoint, buffers_clean, buffers_backend, buffers_backend_fsync from pg_stat_bgwriter");
        var values = output.Trim().Split('|');
        if (code != 0 || values.Length != 4) return null;
        var parsed = new long[4];
        for (var i = 0; i < 4; i++)
        {
            if (!long.TryParse(values[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out parsed[i])) return null;
        }
        return new PostgresBufferWrites(parsed[0], parsed[1], parsed[2], parsed[3]);
    }
}
