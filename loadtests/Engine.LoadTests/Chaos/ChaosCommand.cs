using Engine.LoadTests.Cli;
using Engine.LoadTests.Hosting;

namespace Engine.LoadTests.Chaos;

/// <summary><c>Engine.LoadTests chaos …</c>: parses, runs, maps failures to exit codes (2 usage, 3 setup).</summary>
internal static class ChaosCommand
{
    public const string Name = "chaos";

    public static async Task<int> RunAsync(string[] args)
    {
        ChaosOptions options;
        try
        {
            options = ChaosOptions.Parse(args);
        }
        catch (UsageException exception)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine();
            Console.Error.WriteLine(ChaosOptions.Usage);
            return LoadTestOptions.UsageExitCode;
        }
        if (options.Help)
        {
            Console.WriteLine(ChaosOptions.Usage);
            return 0;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            Console.Error.WriteLine("stopping: the chaos run is abandoned, silos and PostgreSQL are stopped …");
            cancel.Cancel();
        };
        try
        {
            return await ChaosRun.RunAsync(options, args, cancel.Token);
        }
        catch (SetupException exception)
        {
            Console.Error.WriteLine($"Engine.LoadTests chaos: {exception.Message}");
            return 3;
        }
    }
}
