using Npgsql;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>Reads the engine's tables directly, to show that state really went to PostgreSQL.</summary>
public static class PostgresProbe
{
    /// <summary>The number of rows of <paramref name="table"/> (a trusted constant name).</summary>
    public static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
