using System.Diagnostics;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>
/// Runs the load generator (<c>dotnet Engine.LoadTests.dll …</c>) as its own process, as an operator would: the test
/// project builds it first without referencing it.
/// </summary>
public static class LoadGeneratorProcess
{
    /// <summary>Runs it with <paramref name="args"/>; returns its exit code and its output.</summary>
    /// <param name="environment">Extra variables for the generator's process (null: none).</param>
    public static Task<(int ExitCode, string Log)> RunAsync(TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(timeout, environment, onOutputLine: null, args);

    /// <summary>As <see cref="RunAsync(TimeSpan, IReadOnlyDictionary{string, string}?, string[])"/>, and hands each
    /// line of its standard output to <paramref name="onOutputLine"/> as it comes (on a pool thread).</summary>
    public static async Task<(int ExitCode, string Log)> RunAsync(TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment, Action<string>? onOutputLine, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add(DllPath());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = ReadLinesAsync(process.StandardOutput, onOutputLine);
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM would let it stop its silos; a hung run gets the whole tree killed instead.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Engine.LoadTests {string.Join(' ', args)} did not finish in {timeout}: {await output}");
        }
        return (process.ExitCode, await output + await error);
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string>? onOutputLine)
    {
        var all = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            all.AppendLine(line);
            onOutputLine?.Invoke(line);
        }
        return all.ToString();
    }

    /// <summary>The load generator built in this test project's configuration (bin/&lt;config&gt;/net10.0).</summary>
    private static string DllPath()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "loadtests", "Engine.LoadTests", "bin", configuration,
            framework.Name, "Engine.LoadTests.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (the test project references it; build the solution).");
        return dll;
    }
}
