using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Engine.Client;
using Engine.Contracts.Security;
using Engine.Hosting;
using Engine.Scenarios;

namespace Engine.Silo.Commands;

/// <summary>
/// <c>replay &lt;scenario.json&gt; [--out file] [--target host:port --admin-secret S]</c> (scenario-format.md): drives
/// the whole stack — the binary protocol over real TCP, the gateway, the grains. Without a target it starts an
/// embedded silo (in-memory storage, gateway on a free loopback port). Exit code 0 when every step was sent and
/// answered, 2 when the file is invalid, 3 when the engine could not be reached or an outcome stayed unknown.
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
        if (arguments.Target is not null && string.IsNullOrEmpty(arguments.AdminSecret))
        {
            await Console.Error.WriteLineAsync("replay --target needs --admin-secret (the cluster's Engine:AdminSecret).");
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
            return InvalidFileExitCode;
        }
        try
        {
            var results = arguments.Target is null
                ? await ReplayEmbeddedAsync(scenario)
                : await ReplayOverTcpAsync(scenario, ParseEndpoint(arguments.Target), arguments.AdminSecret!);
            await WriteAsync(results, arguments.OutputPath);
            return 0;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"replay failed: {exception.Message}");
            return EngineFailedExitCode;
        }
    }

    /// <summary>Starts an in-memory silo with its gateway on a free loopback port and replays over TCP.</summary>
    private static async Task<ResultsDocument> ReplayEmbeddedAsync(Scenario scenario)
    {
        var adminSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var overrides = new Dictionary<string, string?>
        {
            ["Engine:Storage"] = "memory",
            ["Engine:Port"] = "0",
            ["Engine:AdminSecret"] = adminSecret,
            ["Engine:TerminalMasterKey"] = "",
            ["Engine:SiloPort"] = EngineHost.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
            ["Engine:OrleansGatewayPort"] = EngineHost.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
        };
        await using var app = EngineHost.CreateBuilder([], overrides, quiet: true).Build();
        await app.StartAsync();
        var results = await ReplayOverTcpAsync(scenario, EngineHost.GatewayEndpoint(app), adminSecret);
        await app.StopAsync();
        return results;
    }

    /// <summary>
    /// Loads the reference through the admin messages, then replays every step over terminal connections, one per
    /// institution, signed in with the institution secrets derived from the admin secret.
    /// </summary>
    private static async Task<ResultsDocument> ReplayOverTcpAsync(Scenario scenario, IPEndPoint target, string adminSecret)
    {
        var host = target.Address.ToString();
        await using (var admin = new AdminClient(new AdminClientOptions { Host = host, Port = target.Port, Secret = adminSecret }))
        {
            await admin.UpsertReferenceAsync(scenario.Reference);
        }
        await using var api = new MultiInstitutionSettlementApi(host, target.Port,
            institution => InstitutionSecrets.Derive(adminSecret, institution),
            options => options.ThrowOnUnknownOutcome = true, // A replay reports an unknown outcome; it never guesses.
            fallbackInstitution: scenario.Reference.Institutions.FirstOrDefault()?.Code);
        return await new ScenarioReplayer(api).ReplayAsync(scenario);
    }

    /// <summary>Parses host:port (a name resolves to its first address).</summary>
    public static IPEndPoint ParseEndpoint(string target)
    {
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException($"--target must be host:port, not '{target}'.");
        }
        var host = target[..colon];
        var address = host is "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host)[0];
        return new IPEndPoint(address, port);
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
