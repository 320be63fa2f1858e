using Engine.Contracts.Security;
using Engine.Grains;
using Engine.Hosting;
using Engine.Protocol;
using Engine.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Silo.Commands;

/// <summary>
/// <c>serve [--port N] [--bind A] [--admin-secret S]</c>: runs a silo with the terminal gateway until stopped
/// (Ctrl+C or SIGTERM). With in-memory storage it loads demo reference data and, when no admin secret is set,
/// uses the demo secret, so a newcomer can settle a visit at once.
/// </summary>
public static class ServeCommand
{
    /// <summary>The admin secret of an in-memory demo silo started without one.</summary>
    public const string DemoAdminSecret = "demo-admin-secret";

    /// <summary>Exit code of a configuration that cannot run (a value out of range, not a number, not an address).</summary>
    public const int ConfigurationExitCode = 78;

    /// <summary>Exit code of a silo that was configured but could not start (its port taken, its database gone).</summary>
    public const int StartFailedExitCode = 1;

    /// <summary>Runs the silo.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        string[] configurationArgs;
        try
        {
            configurationArgs = ServeArguments.ToConfiguration(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"Engine.Silo serve: {exception.Message}");
            return SiloCommandLine.UsageExitCode;
        }
        WebApplication app;
        bool isMemory;
        try
        {
            var probe = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(configurationArgs).Build();
            isMemory = (probe.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions()).Storage
                == EngineStorage.Memory;
            var overrides = new Dictionary<string, string?>();
            if (isMemory && string.IsNullOrEmpty(probe["Engine:AdminSecret"]))
            {
                overrides["Engine:AdminSecret"] = DemoAdminSecret;
            }
            app = EngineHost.CreateBuilder(configurationArgs, overrides).Build();
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException)
        {
            // Reading and checking the configuration: nothing has started, nothing to stop.
            await Console.Error.WriteLineAsync($"Engine.Silo serve: the configuration cannot run: {Messages(exception)}");
            return ConfigurationExitCode;
        }
        try
        {
            await app.StartAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The host has logged it with its stack; the operator's line says what failed, and the exit code that it did.
            await Console.Error.WriteLineAsync($"Engine.Silo serve: could not start: {Messages(exception)}");
            await app.DisposeAsync();
            return StartFailedExitCode;
        }
        var gateway = app.Services.GetRequiredService<TerminalGatewayOptions>();
        var endpoint = EngineHost.GatewayEndpoint(app);
        Console.WriteLine($"Engine gateway listening on {endpoint}");
        if (isMemory) await LoadDemoAsync(app.Services.GetRequiredService<GrainSettlementApi>(), gateway);
        if (string.IsNullOrEmpty(gateway.EffectiveMasterKey))
        {
            await Console.Error.WriteLineAsync("No Engine:AdminSecret or Engine:TerminalMasterKey: terminals cannot sign in.");
        }
        await Console.Error.WriteLineAsync("Engine silo started. Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync();
        return 0;
    }

    // "outer: inner: innermost", each message once (a wrapper often repeats its inner exception's).
    private static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var message = e.Message.TrimEnd('.');
            if (!messages.Any(m => m.Contains(message, StringComparison.Ordinal))) messages.Add(message);
        }
        return string.Join(": ", messages) + ".";
    }

    private static async Task LoadDemoAsync(GrainSettlementApi api, TerminalGatewayOptions gateway)
    {
        await using var stream = typeof(ServeCommand).Assembly.GetManifestResourceStream("Engine.Silo.demo-reference.json")
            ?? throw new InvalidOperationException("The demo reference data is missing from the build.");
        var demo = ScenarioParser.Parse(stream);
        await api.LoadReferenceAsync(demo.Reference);
        var institution = demo.Reference.Institutions[0].Code;
        Console.WriteLine($"Demo data loaded: {demo.Reference.Institutions.Length} institutions, " +
            $"{demo.Reference.Persons.Length} persons (e.g. psnNo {demo.Reference.Persons[0].Profile.PsnNo}).");
        if (string.Equals(gateway.AdminSecret, DemoAdminSecret, StringComparison.Ordinal))
        {
            Console.WriteLine($"DEMO admin secret: {DemoAdminSecret} (not for production). Institution {institution} " +
                $"signs in with secret {InstitutionSecrets.Derive(gateway.EffectiveMasterKey!, institution)}.");
        }
    }
}
