using Engine.Hosting;

namespace Engine.Silo.Commands;

/// <summary><c>serve</c>: runs a silo until stopped (Ctrl+C or SIGTERM).</summary>
public static class ServeCommand
{
    /// <summary>Runs the silo.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var app = EngineHost.CreateBuilder(args).Build();
        await app.StartAsync();
        await Console.Error.WriteLineAsync("Engine silo started. Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
