using Engine.Accounting;
using Engine.Grains;
using Engine.Lifecycle;
using Engine.Messaging;
using Engine.Persistence;
using Engine.Reference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Engine.Hosting;

/// <summary>Adds the settlement engine's grains, storage and services to a silo.</summary>
public static class EngineSiloBuilderExtensions
{
    /// <summary>
    /// Configures storage from <paramref name="configuration"/>: in memory by default (with a loud warning), or
    /// PostgreSQL when <c>Engine:Storage=postgres</c> and <c>ConnectionStrings:Engine</c> are set.
    /// </summary>
    public static ISiloBuilder AddSettlementEngine(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        silo.Services.AddSingleton(options);
        silo.Services.AddHostedService<BackgroundGcThreadPriority>();
        silo.Services.AddSingleton(LedgerOptions.Default);
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<ReferenceCache>();
        silo.Services.AddHostedService<ReferenceCacheRefresher>();
        // The person state, written on every state-changing request, has a codec of its own; the engine's storages
        // store every other state in Orleans' binary format (GrainStateCodecs). So does the AdoNet provider of the
        // reference state: compact, and versionable through the [Id] numbers every persisted type carries (a new
        // member gets a new id; old rows still read). Not JSON with type names.
        silo.Services.AddSingleton<IGrainStateCodec>(PersonStateCodec.Instance);
        silo.Services.AddSingleton<GrainStateCodecs>();
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        if (options.Storage == EngineStorage.Postgres)
        {
            AddPostgres(silo, configuration);
        }
        else
        {
            AddMemory(silo);
        }
        return silo;
    }

    private static void AddMemory(ISiloBuilder silo)
    {
        // All keyed by the Orleans service id, so that the silos of one in-process cluster share them.
        foreach (var name in new[] { StorageNames.Persons, StorageNames.Reference })
        {
            silo.Services.AddGrainStorage(name, (sp, storageName) => new InMemoryGrainStorage(
                InMemoryGrainStateTable.For(ServiceIdOf(sp), storageName), sp.GetRequiredService<GrainStateCodecs>()));
        }
        silo.Services.AddSingleton<IMessageRegistry>(sp => InMemoryStores.For(ServiceIdOf(sp)).Registry);
        silo.Services.AddSingleton<ILedgerStore>(sp => InMemoryStores.For(ServiceIdOf(sp)).Ledger);
        silo.Services.AddHostedService<InMemoryStorageWarning>();
    }

    private static string ServiceIdOf(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value.ServiceId;

    private static void AddPostgres(ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(EngineOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Engine:Storage is postgres but ConnectionStrings:Engine is empty (environment: ConnectionStrings__Engine).");
        }
        var tuned = PostgresConnections.Tune(connectionString);
        // Created by the container so that it is disposed (and its connections closed) with the silo.
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(tuned));
        silo.Services.AddSingleton<IMessageRegistry>(sp => new PostgresMessageRegistry(sp.GetRequiredService<NpgsqlDataSource>()));
        // The person storage and the registry share the database: a person's new msgId is claimed in its state
        // write's transaction, one commit instead of two (IHasMessageClaim).
        silo.Services.Configure<MessageClaimOptions>(o => o.CommitWithStateWrite = true);
        silo.Services.AddSingleton<ILedgerStore>(sp => new PostgresLedgerStore(sp.GetRequiredService<NpgsqlDataSource>()));
        silo.Services.AddHostedService<OutboxRecoveryService>();
        // Persons write on every state-changing transaction: their writes are group-committed by the engine's own
        // storage (docs/architecture.md). The reference grain writes rarely and keeps the AdoNet provider.
        silo.Services.AddGrainStorage(StorageNames.Persons, (sp, name) => new PostgresGrainStorage(name,
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<GrainStateCodecs>(),
            sp.GetRequiredService<IActivatorProvider>(), ServiceIdOf(sp), PostgresGrainStorageLimits.Default));
        silo.AddAdoNetGrainStorage(StorageNames.Reference, o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = tuned;
        });
    }
}
