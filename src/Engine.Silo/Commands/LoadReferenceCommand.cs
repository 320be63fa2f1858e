using System.Diagnostics;
using Engine.Client;
using Engine.Scenarios;

namespace Engine.Silo.Commands;

/// <summary>
/// <c>load-reference &lt;file.json&gt; --target host:port --admin-secret S</c>: upserts the <c>reference</c> part of a
/// scenario-format file into a running cluster through the admin messages. Regions, rules, catalogue entries and
/// institutions are upserted by key; persons get their profile updated, and their starting balance and
/// accumulators only when the engine does not know them yet. New rule versions take effect on their own dates.
/// </summary>
public static class LoadReferenceCommand
{
    /// <summary>Loads the file.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (!ReplayArguments.TryParse(args, out var arguments, out var usageError) || arguments.Target is null ||
            string.IsNullOrEmpty(arguments.AdminSecret))
        {
            await Console.Error.WriteLineAsync(usageError.Length > 0 ? usageError
                : "Usage: load-reference <file.json> --target host:port --admin-secret S");
            return SiloCommandLine.UsageExitCode;
        }
        Scenario scenario;
        try
        {
            await using var file = File.OpenRead(arguments.ScenarioPath);
            scenario = ScenarioParser.Parse(file);
        }
        catch (Exception exception) when (exception is ScenarioFormatException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{arguments.ScenarioPath}: {exception.Message}");
            return ReplayCommand.InvalidFileExitCode;
        }
        try
        {
            var target = ReplayCommand.ParseEndpoint(arguments.Target);
            var stopwatch = Stopwatch.StartNew();
            await using var admin = new AdminClient(new AdminClientOptions
            {
                Host = target.Address.ToString(),
                Port = target.Port,
                Secret = arguments.AdminSecret,
            });
            var version = await admin.UpsertReferenceAsync(scenario.Reference);
            var reference = scenario.Reference;
            Console.WriteLine($"Loaded reference version {version} in {stopwatch.ElapsedMilliseconds} ms: " +
                $"{reference.Regions.Length} regions, {reference.Policies.Length} rules, {reference.Catalog.Length} " +
                $"catalogue entries, {reference.Institutions.Length} institutions, {reference.Persons.Length} persons.");
            return 0;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"load-reference failed: {exception.Message}");
            return ReplayCommand.EngineFailedExitCode;
        }
    }
}
