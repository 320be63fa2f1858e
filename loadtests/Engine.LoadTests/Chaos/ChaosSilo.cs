using System.Diagnostics;
using System.Globalization;
using Engine.LoadTests.Hosting;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// One silo PROCESS of the chaos cluster, on fixed loopback ports so that a restart after a kill comes back where
/// the terminals and the other silos expect it (as a service manager would restart it). Output goes to
/// <c>silo-N.log</c>, one file over all incarnations.
/// </summary>
internal sealed class ChaosSilo : IAsyncDisposable
{
    private const string ListeningPrefix = "Engine gateway listening on ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly string siloDll;
    private readonly string adminSecret;
    private readonly StreamWriter log;
    private Process? process;

    public ChaosSilo(int number, string siloDll, string adminSecret, IReadOnlyDictionary<string, string> shared,
        string logPath)
    {
        Number = number;
        this.siloDll = siloDll;
        this.adminSecret = adminSecret;
        TerminalPort = StablePorts.Take();
        MetricsPort = StablePorts.Take();
        var siloPort = StablePorts.Take();
        var gatewayPort = StablePorts.Take();
        environment = new Dictionary<string, string>(shared)
        {
            ["Engine__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Engine__OrleansGatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Engine__MetricsPort"] = MetricsPort.ToString(CultureInfo.InvariantCulture),
        };
        log = new StreamWriter(logPath) { AutoFlush = true };
    }

    /// <summary>1-based, as in the report.</summary>
    public int Number { get; }
    public int TerminalPort { get; }
    public int MetricsPort { get; }
    public int Incarnations { get; private set; }
    public bool IsRunning => process is { HasExited: false };
    public int Pid => process?.Id ?? 0;

    /// <summary>Starts an incarnation and waits until its terminal gateway listens (it joined the cluster).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { siloDll, "serve", "--port", TerminalPort.ToString(CultureInfo.InvariantCulture),
                     "--bind", "127.0.0.1", "--admin-secret", adminSecret })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment) start.Environment[key] = value;
        Incarnations++;
        Write($"===== incarnation {Incarnations} starting at {DateTimeOffset.UtcNow:O}");
        var started = Process.Start(start) ?? throw new SetupException("dotnet did not start.");
        process = started;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Write(e.Data);
            if (e.Data.StartsWith(ListeningPrefix, StringComparison.Ordinal)) listening.TrySetResult();
        };
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) Write(e.Data);
        };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        var exited = started.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(StartTimeout, cancellationToken));
        if (first != listening.Task)
        {
            throw new SetupException(first == exited
                ? $"Silo {Number} exited before listening; see {((FileStream)log.BaseStream).Name}."
                : $"Silo {Number} did not listen within {StartTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>SIGKILL: no shutdown, no membership update, sockets reset by the kernel. Returns once the
    /// process is gone.</summary>
    public async Task KillAsync()
    {
        var current = process;
        if (current is null) return;
        Write($"===== SIGKILL at {DateTimeOffset.UtcNow:O}");
        _ = NativeMethods.Kill(current.Id, NativeMethods.SigKill);
        using var wait = new CancellationTokenSource(StopTimeout);
        await current.WaitForExitAsync(wait.Token);
        current.Dispose();
        process = null;
    }

    /// <summary>Stops the running incarnation gracefully (SIGTERM), killing it after 20 s.</summary>
    public async Task StopAsync()
    {
        var current = process;
        if (current is null) return;
        if (!current.HasExited)
        {
            _ = NativeMethods.Kill(current.Id, NativeMethods.SigTerm);
            using var wait = new CancellationTokenSource(StopTimeout);
            try
            {
                await current.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                current.Kill(entireProcessTree: true);
                await current.WaitForExitAsync(CancellationToken.None);
            }
        }
        else
        {
            await current.WaitForExitAsync(CancellationToken.None);
        }
        current.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await log.DisposeAsync();
    }

    private void Write(string line)
    {
        lock (log) log.WriteLine(line);
    }
}
