using System.Text.Json;
using Engine.Scenarios;

namespace Engine.Silo.Commands;

/// <summary>
/// <c>check &lt;scenario.json&gt; &lt;results.json&gt;</c>: compares a results document with the scenario's
/// <c>expect</c> members (the separate check of scenario-format.md). Prints each mismatch; exit code 0 when
/// there is none, 1 when there are mismatches, 2 when a file cannot be read.
/// </summary>
public static class CheckCommand
{
    /// <summary>Runs the check.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2)
        {
            await Console.Error.WriteLineAsync("Usage: check <scenario.json> <results.json>");
            return SiloCommandLine.UsageExitCode;
        }
        try
        {
            using var scenario = JsonDocument.Parse(await File.ReadAllBytesAsync(args[0]));
            using var results = JsonDocument.Parse(await File.ReadAllBytesAsync(args[1]));
            var mismatches = ExpectationChecker.Check(scenario.RootElement, results.RootElement);
            foreach (var mismatch in mismatches)
            {
                Console.WriteLine($"step {mismatch.Step} {mismatch.Path}: expected {mismatch.Expected}, got {mismatch.Actual}");
            }
            Console.WriteLine(mismatches.IsEmpty ? $"{args[0]}: every expectation met." :
                $"{args[0]}: {mismatches.Length} mismatches.");
            return mismatches.IsEmpty ? 0 : 1;
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"check: {exception.Message}");
            return ReplayCommand.InvalidFileExitCode;
        }
    }
}
