using Engine.LoadTests;
using Engine.LoadTests.Chaos;
using Engine.LoadTests.Cli;
using Engine.LoadTests.Hosting;

if (args.Length > 0 && args[0] == ChaosCommand.Name) return await ChaosCommand.RunAsync(args[1..]);

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
    options.CheckTargetIsAllowed();
}
catch (UsageException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return LoadTestOptions.UsageExitCode;
}
if (options.Help)
{
    Console.WriteLine(LoadTestOptions.Usage);
    return 0;
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Console.Error.WriteLine("stopping: the phases end now, the reports are still written …");
    cancel.Cancel();
};
try
{
    return await LoadTest.RunAsync(options, args, cancel.Token);
}
catch (SetupException exception)
{
    Console.Error.WriteLine($"Engine.LoadTests: {exception.Message}");
    return 3;
}
