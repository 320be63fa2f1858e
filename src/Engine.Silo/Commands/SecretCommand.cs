using Engine.Contracts.Security;
using Engine.Hosting;
using Engine.Protocol;
using Microsoft.Extensions.Configuration;

namespace Engine.Silo.Commands;

/// <summary><c>secret &lt;institution&gt;</c>: the sign-in secret an operator issues to one hospital.</summary>
public static class SecretCommand
{
    /// <summary>Prints the secret.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables()
            .AddCommandLine(ServeArguments.ToConfiguration(args[1..])).Build();
        var gateway = configuration.GetSection(EngineOptions.Section).Get<TerminalGatewayOptions>() ?? new TerminalGatewayOptions();
        if (string.IsNullOrEmpty(gateway.EffectiveMasterKey))
        {
            await Console.Error.WriteLineAsync("secret: set Engine:TerminalMasterKey (or Engine:AdminSecret).");
            return SiloCommandLine.UsageExitCode;
        }
        Console.WriteLine(InstitutionSecrets.Derive(gateway.EffectiveMasterKey, args[0]));
        return 0;
    }
}
