using System.Diagnostics;
using Engine.Persistence;
using Npgsql;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>
/// A real, throwaway PostgreSQL server for the tests that claim durability: initdb of a fresh cluster in a temp
/// folder on a free loopback port (scripts/pg-throwaway.sh, which docs/postgres-for-tests.md explains), removed
/// when the fixture is disposed. Each test takes its own database with the engine schema applied.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string folder = System.IO.Path.Combine(
        System.IO.Path.GetTempPath(), "engine-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private string adminConnectionString = "";
    private int databaseCount;

    /// <summary>The connection string of the server's default database, as the engine user.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        ConnectionString = (await RunScriptAsync("start", folder)).Trim();
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Username = "postgres", Password = null };
        adminConnectionString = builder.ConnectionString;
        Console.WriteLine($"PostgreSQL test server started in {stopwatch.ElapsedMilliseconds} ms: port {builder.Port}.");
    }

    /// <summary>A new, empty database owned by the engine user, with the engine schema applied.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "engine_test_" + Interlocked.Increment(ref databaseCount);
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} OWNER engine", connection);
            await create.ExecuteNonQueryAsync();
        }
        // Small pools: many test clusters share this one server.
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, MaxPoolSize = 8 }
            .ConnectionString;
        await SchemaApplier.ApplyAsync(connectionString);
        return connectionString;
    }

    /// <summary>
    /// <paramref name="database"/> (a connection string of <see cref="CreateDatabaseAsync"/>) as the server's
    /// superuser, for what the engine user may not do (loading auto_explain, for instance).
    /// </summary>
    public static string AsSuperuser(string database) =>
        new NpgsqlConnectionStringBuilder(database) { Username = "postgres", Password = null }.ConnectionString;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunScriptAsync("stop", folder);
    }

    private static async Task<string> RunScriptAsync(string verb, string folder)
    {
        var script = System.IO.Path.Combine(RepositoryRoot.Path, "scripts", "pg-throwaway.sh");
        var start = new ProcessStartInfo("bash", [script, verb, folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg-throwaway.sh {verb} failed ({process.ExitCode}): {await error}");
        }
        return await output;
    }
}
