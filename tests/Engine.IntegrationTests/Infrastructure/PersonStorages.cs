using Engine.Grains;
using Engine.Hosting;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Engine.IntegrationTests.Infrastructure;

/// <summary>The engine's person storages (PostgreSQL, in memory) as the storage tests build and read them, outside a
/// silo.</summary>
public static class PersonStorages
{
    /// <summary>The service id of the tests' rows.</summary>
    public const string ServiceId = "test-service";

    /// <summary>The grain storage's name for the person state.</summary>
    public const string StateName = PersonGrain.StateName;

    /// <summary>
    /// A storage named "persons" on <paramref name="source"/>, with the silo's codecs (the person state's own, Orleans'
    /// format for the rest) from <paramref name="orleansServices"/> (a container with <c>AddSerializer()</c>).
    /// </summary>
    public static PostgresGrainStorage Create(IServiceProvider orleansServices, NpgsqlDataSource source,
        PostgresGrainStorageLimits? limits = null) => new(
        "persons", source,
        new GrainStateCodecs(orleansServices.GetRequiredService<Serializer>(), [PersonStateCodec.Instance]),
        orleansServices.GetRequiredService<IActivatorProvider>(), ServiceId, limits ?? PostgresGrainStorageLimits.Default);

    /// <summary>
    /// An in-memory storage on a table of its own (a fresh service id starting with <paramref name="serviceIdPrefix"/>),
    /// with the silo's codecs.
    /// </summary>
    public static InMemoryGrainStorage CreateInMemory(string serviceIdPrefix)
    {
        var table = InMemoryGrainStateTable.For(serviceIdPrefix + Guid.NewGuid().ToString("N")[..8], "persons");
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        return new InMemoryGrainStorage(table, new GrainStateCodecs(serializer, [PersonStateCodec.Instance]));
    }

    /// <summary>What an activation of <paramref name="grain"/> reads.</summary>
    public static async Task<GrainState<T>> ReadAsync<T>(IGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<T>();
        await storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    /// <summary>The person grain of <paramref name="psnNo"/>.</summary>
    public static GrainId Person(string psnNo) => GrainId.Create("person", psnNo);
}
