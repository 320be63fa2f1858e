namespace Engine.IntegrationTests.Infrastructure;

/// <summary>The test classes that share one PostgreSQL server (each takes its own databases).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection name.</summary>
    public const string Name = "PostgreSQL";
}
