using System.Diagnostics;
using System.Text;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>Runs the real <c>Engine.Silo</c> executable (built next to the tests) as a separate process.</summary>
public static class SiloProcess
{
    /// <summary>The path of Engine.Silo.dll next to the test assembly.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Engine.Silo.dll");

    /// <summary>Runs <c>dotnet Engine.Silo.dll args…</c> to completion; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IEnumerable<string> args, TimeSpan? timeout = null)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Engine.Silo {string.Join(' ', args)} did not finish: {await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts <c>dotnet Engine.Silo.dll args…</c> with redirected output.</summary>
    public static Process Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }
}
