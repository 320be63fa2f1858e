using Engine.IntegrationTests.Infrastructure;
using Engine.Persistence;
using Npgsql;

namespace Engine.IntegrationTests.Persistence;

/// <summary>The project's own PostgreSQL schema: idempotent, and optimistic concurrency as Orleans expects it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresServer postgres)
{
    [Fact]
    public async Task Apply_Twice_SucceedsAndKeepsQueries()
    {
        var database = await postgres.CreateDatabaseAsync(); // Applied once already.

        await SchemaApplier.ApplyAsync(database);

        Assert.Equal(4, await ScalarAsync<long>(database,
            "SELECT count(*) FROM orleansquery WHERE querykey IN " +
            "('WriteToStorageKey','ReadFromStorageKey','ClearStorageKey','DeleteStorageKey')"));
    }

    [Fact]
    public async Task WriteGrainState_StaleOrDuplicateVersion_ReturnsTheVersionPassedIn()
    {
        var database = await postgres.CreateDatabaseAsync();
        const string write = "SELECT newgrainstateversion FROM engine_write_grain_state(" +
            "'svc', 'person', 1, 2, 'P1', 7, 9, @version, '\\x01'::bytea)";

        Assert.Equal(1, await ScalarAsync<int?>(database, write, version: null));   // First insert.
        Assert.Null(await ScalarAsync<int?>(database, write, version: null));       // A second "first" insert loses.
        Assert.Equal(2, await ScalarAsync<int?>(database, write, version: 1));      // Update from the version read.
        Assert.Equal(1, await ScalarAsync<int?>(database, write, version: 1));      // Stale: returns what was passed.
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, int? version = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("version", NpgsqlTypes.NpgsqlDbType.Integer)
        {
            Value = (object?)version ?? DBNull.Value,
        });
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }
}
