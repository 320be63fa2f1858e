using System.Diagnostics;
using Engine.Hosting;
using Engine.Persistence;
using Microsoft.Extensions.Configuration;

namespace Engine.Silo.Commands;

/// <summary><c>schema apply</c>: applies the engine's PostgreSQL schema, idempotently.</summary>
public static class SchemaCommand
{
    /// <summary>Applies the schema to <c>ConnectionStrings:Engine</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var connectionString = configuration.GetConnectionString(EngineOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync(
                "schema apply needs ConnectionStrings:Engine (environment ConnectionStrings__Engine, or " +
                "--ConnectionStrings:Engine=\"Host=...;Database=...;Username=...;Password=...\").");
            return SiloCommandLine.UsageExitCode;
        }
        var stopwatch = Stopwatch.StartNew();
        await SchemaApplier.ApplyAsync(connectionString);
        await Console.Error.WriteLineAsync($"Schema applied in {stopwatch.ElapsedMilliseconds} ms.");
        return 0;
    }
}
