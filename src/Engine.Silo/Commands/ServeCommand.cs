using Engine.Contracts.Security;
using Engine.Grains;
using Engine.Hosting;
using Engine.Protocol;
using Engine.Scenarios;
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

    /// <summary>Runs the silo.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var configurationArgs = ServeArguments.ToConfiguration(args);
        var probe = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(configurationArgs).Build();
        var isMemory = (probe.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions()).Storage
            == EngineStorage.Memory;
        var overrides = new Dictionary<string, string?>();
        if (isMemory && string.IsNullOrEmpty(probe["Engine:AdminSecret"]))
        {
            overrides["Engine:AdminSecret"] = DemoAdminSecret;
        }
        var app = EngineHost.CreateBuilder(configurationArgs, overrides).Build();
        await app.StartAsync();
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
