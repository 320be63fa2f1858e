using Engine.IntegrationTests.Infrastructure;
using Engine.Lifecycle;
using Engine.Messaging;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace Engine.IntegrationTests.Persistence;

/// <summary>
/// The PostgreSQL grain storage commits a state's pending msgId claim (<see cref="IHasMessageClaim"/>) in the state
/// write's own transaction, and writes the state only if the claim is the person's: a msgId another person or a
/// 2601 holds refuses the write, which then changes nothing and says so (<see cref="IHasMessageClaim.ClaimRefused"/>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageClaimTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string StateName = PersonStorages.StateName;
    private const string ServiceId = PersonStorages.ServiceId;
    private static readonly DateTime At = new(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly MessageKey Key = new("H1", "M-0001");
    private readonly ServiceProvider orleansServices = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private string database = "";
    private NpgsqlDataSource dataSource = null!;
    private PostgresGrainStorage storage = null!;
    private PostgresMessageRegistry registry = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        database = await postgres.CreateDatabaseAsync();
        dataSource = NpgsqlDataSource.Create(database);
        (storage, registry) = NewStores(dataSource);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        await storage.DisposeAsync();
        await dataSource.DisposeAsync();
        await orleansServices.DisposeAsync();
    }

    [Fact]
    public async Task Write_WithANewClaim_TheClaimAndTheStateCommitInOneTransaction()
    {
        var activation = await WrittenOnceAsync("P1");
        activation.State!.LastSequence = 5;
        Pending(activation, "P1");

        await storage.WriteStateAsync(StateName, Person("P1"), activation);

        Assert.Equal("2", activation.ETag);
        Assert.False(((IHasMessageClaim)activation.State).ClaimRefused);
        var (transaction, holder) = await PostgresProbe.RegistryEntryAsync(database, Key.Institution, Key.MsgId);
        Assert.Equal("P1", holder);
        Assert.Equal(await PostgresProbe.StateTransactionAsync(database, "person/P1"), transaction);
        Assert.Equal(5, (await ReadAsync("P1")).State!.LastSequence);
        // The registry agrees: the same person's claim is its own, another's is refused.
        Assert.Null(await registry.ClaimAsync(Key, "P1", At));
        Assert.Equal("P1", (await registry.ClaimAsync(Key, "P2", At))?.PsnNo);
    }

    [Fact]
    public async Task Write_MsgIdHeldByAnotherPerson_RefusedAndNothingWritten()
    {
        Assert.Null(await registry.ClaimAsync(Key, "P2", At));
        var activation = await WrittenOnceAsync("P1");
        activation.State!.LastSequence = 5;
        Pending(activation, "P1");

        await storage.WriteStateAsync(StateName, Person("P1"), activation);

        Assert.True(((IHasMessageClaim)activation.State).ClaimRefused);
        Assert.Equal("1", activation.ETag);
        var stored = await ReadAsync("P1");
        Assert.Equal("1", stored.ETag);
        Assert.Equal(0, stored.State!.LastSequence);
        Assert.Equal("P2", (await PostgresProbe.RegistryEntryAsync(database, Key.Institution, Key.MsgId)).PsnNo);
    }

    [Fact]
    public async Task Write_MsgIdTombstonedByA2601_RefusedAndNothingWritten()
    {
        Assert.Null(await registry.TombstoneAsync(Key, At));
        var activation = await WrittenOnceAsync("P1");
        Pending(activation, "P1");

        await storage.WriteStateAsync(StateName, Person("P1"), activation);

        Assert.True(((IHasMessageClaim)activation.State!).ClaimRefused);
        Assert.Equal("1", (await ReadAsync("P1")).ETag);
        Assert.NotNull(await registry.ClaimAsync(Key, "P1", At)); // Still the tombstone's.
    }

    [Fact]
    public async Task Write_MsgIdClaimedBeforeBySamePerson_Written()
    {
        Assert.Null(await registry.ClaimAsync(Key, "P1", At));
        var activation = await WrittenOnceAsync("P1");
        Pending(activation, "P1");

        await storage.WriteStateAsync(StateName, Person("P1"), activation);

        Assert.Equal("2", activation.ETag);
    }

    [Fact]
    public async Task Write_FirstWriteOfAPersonWithAClaim_InsertsBoth()
    {
        var activation = await ReadAsync("P1");
        Pending(activation, "P1");

        await storage.WriteStateAsync(StateName, Person("P1"), activation);

        Assert.Equal("1", activation.ETag);
        Assert.Equal("P1", (await PostgresProbe.RegistryEntryAsync(database, Key.Institution, Key.MsgId)).PsnNo);
    }

    [Fact]
    public async Task Batch_TwoPersonsClaimOneMsgId_TheFirstWinsTheSecondIsRefusedOthersUnaffected()
    {
        // One call is one batch, hence one statement: both claims and a write without a claim share it.
        var outcomes = await PostgresGrainStateBatch.WriteAsync(dataSource, ServiceId,
        [
            new GrainStateWrite("person/P1", StateName, null, [1], [], new PendingMessageClaim(Key, "P1", At)),
            new GrainStateWrite("person/P2", StateName, null, [2], [], new PendingMessageClaim(Key, "P2", At)),
            new GrainStateWrite("person/P3", StateName, null, [3], []),
            new GrainStateWrite("person/P4", StateName, null, [4], [], new PendingMessageClaim(Key with { MsgId = "M-0002" }, "P4", At)),
        ], CancellationToken.None);

        Assert.Equal(
            [new GrainStateWriteOutcome(1, false), new GrainStateWriteOutcome(null, true), new GrainStateWriteOutcome(1, false),
             new GrainStateWriteOutcome(1, false)],
            outcomes);
        Assert.Equal(3, await PostgresProbe.CountAsync(database, "engine_grain_state")); // No row for P2.
        Assert.Equal("P1", (await PostgresProbe.RegistryEntryAsync(database, Key.Institution, Key.MsgId)).PsnNo);
        Assert.Equal("P4", (await PostgresProbe.RegistryEntryAsync(database, Key.Institution, "M-0002")).PsnNo);
    }

    [Fact]
    public async Task Write_StaleVersionWithAClaim_ConflictAndTheClaimStaysThePersons()
    {
        var current = await WrittenOnceAsync("P1");
        var stale = await ReadAsync("P1");
        await storage.WriteStateAsync(StateName, Person("P1"), current);
        Pending(stale, "P1");

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Person("P1"), stale));

        // As after a separate claim: the msgId is the person's, and the transaction's retry finds it so.
        Assert.Equal("2", (await ReadAsync("P1")).ETag);
        Assert.Null(await registry.ClaimAsync(Key, "P1", At));
    }

    // Made here, not in InitializeAsync: the fields are disposed by DisposeAsync (IAsyncLifetime).
    private (PostgresGrainStorage, PostgresMessageRegistry) NewStores(NpgsqlDataSource source) =>
        (PersonStorages.Create(orleansServices, source), new PostgresMessageRegistry(source));

    private static void Pending(GrainState<PersonState> activation, string psnNo) =>
        ((IHasMessageClaim)activation.State!).PendingClaim = new PendingMessageClaim(Key, psnNo, At);

    private async Task<GrainState<PersonState>> WrittenOnceAsync(string psnNo)
    {
        var activation = await ReadAsync(psnNo);
        await storage.WriteStateAsync(StateName, Person(psnNo), activation);
        return activation;
    }

    private Task<GrainState<PersonState>> ReadAsync(string psnNo) =>
        PersonStorages.ReadAsync<PersonState>(storage, Person(psnNo));

    private static GrainId Person(string psnNo) => PersonStorages.Person(psnNo);
}
