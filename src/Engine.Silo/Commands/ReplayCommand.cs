using Engine.Grains;
using Engine.Hosting;
using Engine.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Silo.Commands;

/// <summary>
/// <c>replay &lt;scenario.json&gt; [--out file]</c> (scenario-format.md): starts an embedded silo with in-memory
/// storage, loads the scenario's reference, replays every step and prints the results document. Exit code 0
/// when every step was sent and answered, 2 when the file is invalid, 3 when the engine failed.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Exit code of an invalid scenario file.</summary>
    public const int InvalidFileExitCode = 2;

    /// <summary>Exit code of an engine that could not be reached or failed.</summary>
    public const int EngineFailedExitCode = 3;

    /// <summary>Runs the replay.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (!ReplayArguments.TryParse(args, out var arguments, out var usageError))
        {
            await Console.Error.WriteLineAsync(usageError);
            return SiloCommandLine.UsageExitCode;
        }
        if (arguments.Target is not null)
        {
            await Console.Error.WriteLineAsync("replay --target: the terminal gateway is not available in this build yet.");
            return EngineFailedExitCode;
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
            return InvalidFileExitCode;
        }
        try
        {
            var results = await ReplayEmbeddedAsync(scenario);
            await WriteAsync(results, arguments.OutputPath);
            return 0;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"replay failed: {exception}");
            return EngineFailedExitCode;
        }
    }

    private static async Task<ResultsDocument> ReplayEmbeddedAsync(Scenario scenario)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Engine:Storage"] = "memory",
            ["Engine:SiloPort"] = EngineHost.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Engine:OrleansGatewayPort"] = EngineHost.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var app = EngineHost.CreateBuilder([], overrides, quiet: true).Build();
        await app.StartAsync();
        var api = new GrainSettlementApi(app.Services.GetRequiredService<IGrainFactory>());
        await api.LoadReferenceAsync(scenario.Reference);
        var results = await new ScenarioReplayer(api).ReplayAsync(scenario);
        await app.StopAsync();
        return results;
    }

    private static async Task WriteAsync(ResultsDocument results, string? outputPath)
    {
        if (outputPath is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            ResultsDocumentWriter.Write(results, stdout);
            await stdout.WriteAsync("\n"u8.ToArray());
            return;
        }
        await using var file = File.Create(outputPath);
        ResultsDocumentWriter.Write(results, file);
    }
}
