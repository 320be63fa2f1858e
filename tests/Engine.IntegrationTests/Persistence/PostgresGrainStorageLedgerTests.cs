using Engine.Accounting;
using Engine.Contracts;
using Engine.Contracts.Messages;
using Engine.IntegrationTests.Infrastructure;
using Engine.Lifecycle;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace Engine.IntegrationTests.Persistence;

/// <summary>
/// The PostgreSQL grain storage commits a state's ledger outbox (<see cref="IHasLedgerOutbox"/>) in the state
/// write's own transaction: the rows are there when the write returns, with one transaction; a write that loses
/// its version check, or fails, puts nothing in the ledger; retractions and redelivered events give exactly the
/// rows the ledger store's own appends give.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageLedgerTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string StateName = PersonStorages.StateName;
    private const string ServiceId = PersonStorages.ServiceId;
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);
    private readonly ServiceProvider orleansServices = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private string database = "";
    private NpgsqlDataSource dataSource = null!;
    private PostgresGrainStorage storage = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        database = await postgres.CreateDatabaseAsync();
        dataSource = NpgsqlDataSource.Create(database);
        storage = NewStorage(dataSource);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await storage.DisposeAsync();
        await dataSource.DisposeAsync();
        await orleansServices.DisposeAsync();
    }

    [Fact]
    public async Task Write_StateWithOutbox_LedgerRowsCommittedInTheSameTransaction()
    {
        var activation = await ReadAsync("P1");
        activation.State!.Outbox.AddRange([Row("P1-S1#s", 40_245), Row("P1-S1#c1", -40_245)]);

        await storage.WriteStateAsync(StateName, Person("P1"), activation);

        Assert.Equal(2, ((IHasLedgerOutbox)activation.State).CommittedWithState);
        Assert.Equal(["P1-S1#c1 -40245 False", "P1-S1#s 40245 False"], await LedgerRowsAsync(database));
        // xmin is the id of the transaction that wrote a row version: the state's and the ledger rows' are one.
        var stateTransaction = await PostgresProbe.StateTransactionAsync(database, "person/P1");
        Assert.Equal(stateTransaction, await PostgresProbe.LedgerRowTransactionAsync(database, "P1-S1#s"));
        Assert.Equal(stateTransaction, await PostgresProbe.LedgerRowTransactionAsync(database, "P1-S1#c1"));
        Assert.Equal(2, (await ReadAsync("P1")).State!.Outbox.Count); // The stored outbox is the grain's to trim.
    }

    [Fact]
    public async Task Write_StaleETag_ItsOutboxDoesNotReachTheLedger()
    {
        var first = await ReadAsync("P1");
        await storage.WriteStateAsync(StateName, Person("P1"), first);
        var stale = await ReadAsync("P1");
        first.State!.Outbox.Add(Row("P1-S1#s", 100));
        await storage.WriteStateAsync(StateName, Person("P1"), first);

        stale.State!.Outbox.Add(Row("P1-S2#s", 200));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Person("P1"), stale));

        Assert.Equal(0, ((IHasLedgerOutbox)stale.State).CommittedWithState);
        Assert.Equal(["P1-S1#s 100 False"], await LedgerRowsAsync(database));
    }

    [Fact]
    public async Task Batch_StaleWriteAmongWinners_OnlyTheWinnersEventsAreInserted()
    {
        var stored = await ReadAsync("P2");
        await storage.WriteStateAsync(StateName, Person("P2"), stored);
        await storage.WriteStateAsync(StateName, Person("P2"), stored); // P2's row is at version 2.

        // One call is one batch, hence one transaction: the stale write (an activation that saw version 1) and the
        // winners share it.
        var outcomes = await PostgresGrainStateBatch.WriteAsync(dataSource, ServiceId,
        [
            new GrainStateWrite("person/P1", StateName, null, [1], [Row("P1-S1#s", 100)]),
            new GrainStateWrite("person/P2", StateName, 1, [2], [Row("P2-S1#s", 200), Row("P2-S1#c1", -200)]),
            new GrainStateWrite("person/P2", StateName, 2, [3], [Row("P2-S2#s", 300)]),
            new GrainStateWrite("person/P3", StateName, null, [4], []),
        ], CancellationToken.None);

        Assert.Equal([1, null, 3, 1], outcomes.Select(o => o.Version));
        Assert.DoesNotContain(outcomes, o => o.ClaimRefused);
        Assert.Equal(["P1-S1#s 100 False", "P2-S2#s 300 False"], await LedgerRowsAsync(database));
    }

    [Fact]
    public async Task Write_LedgerCannotBeWritten_StateWriteFailsWholeAndCanBeRetried()
    {
        var activation = await ReadAsync("P1");
        await storage.WriteStateAsync(StateName, Person("P1"), activation);
        activation.State!.Outbox.Add(Row("P1-S1#s", 100));
        await ExecuteAsync("ALTER TABLE engine_ledger_row RENAME TO engine_ledger_row_down");

        await Assert.ThrowsAsync<PostgresException>(() => storage.WriteStateAsync(StateName, Person("P1"), activation));

        Assert.Equal("1", activation.ETag);
        var unchanged = await ReadAsync("P1");
        Assert.Equal("1", unchanged.ETag); // Rolled back with the ledger rows.
        Assert.Empty(unchanged.State!.Outbox);
        await ExecuteAsync("ALTER TABLE engine_ledger_row_down RENAME TO engine_ledger_row");
        await storage.WriteStateAsync(StateName, Person("P1"), activation);
        Assert.Equal("2", activation.ETag);
        Assert.Equal(["P1-S1#s 100 False"], await LedgerRowsAsync(database));
    }

    [Fact]
    public async Task Write_EventTheLedgerCannotHold_StateCommitsWithTheEventsBeforeIt()
    {
        var activation = await ReadAsync("P1");
        activation.State!.Outbox.AddRange(
        [
            Row("P1-S1#s", 100), Row("P1-S2#s", 200) with { InsuredRegion = new string('9', 17) }, Row("P1-S3#s", 300),
        ]);

        await storage.WriteStateAsync(StateName, Person("P1"), activation);

        Assert.Equal(1, ((IHasLedgerOutbox)activation.State).CommittedWithState); // The rest is left for the relay.
        Assert.Equal(["P1-S1#s 100 False"], await LedgerRowsAsync(database));
        Assert.Equal(3, (await ReadAsync("P1")).State!.Outbox.Count);
    }

    [Fact]
    public async Task Outboxes_ThroughStateWritesAndThroughTheLedgerStore_SameRows()
    {
        // Each inner list is the outbox of one write, in order: a settlement and its cancellation; a retraction by a
        // 2601 in a later write; a row and its retraction in one write; a retraction that comes before its row;
        // and redelivery of all of them (an outbox whose trim was not persisted before a crash).
        LedgerEvent[][] outboxes =
        [
            [Row("P1-S1#s", 100), Row("P1-S1#c1", -100)],
            [Row("P1-S2#s", 200)],
            [Retraction("P1-S2#s", 200)],
            [Row("P1-S3#s", 300), Retraction("P1-S3#s", 300)],
            [Retraction("P1-S1#c1", -100)],
            [Retraction("P1-S4#s", 400)],
            [Row("P1-S4#s", 400)],
            [Row("P1-S2#s", 200), Retraction("P1-S2#s", 200), Row("P1-S1#c1", -100), Row("P1-S5#s", 500)],
        ];
        var throughStore = await postgres.CreateDatabaseAsync();
        await using (var storeSource = NpgsqlDataSource.Create(throughStore))
        await using (var store = new PostgresLedgerStore(storeSource))
        {
            foreach (var outbox in outboxes)
            {
                await store.AppendAsync(outbox);
            }
        }
        var activation = await ReadAsync("P1");
        foreach (var outbox in outboxes)
        {
            activation.State!.Outbox.Clear(); // What the grain trims after each write.
            activation.State.Outbox.AddRange(outbox);
            await storage.WriteStateAsync(StateName, Person("P1"), activation);
        }

        var expected = await LedgerRowsAsync(throughStore);
        Assert.Equal(
        [
            "P1-S1#c1 -100 True", "P1-S1#s 100 False", "P1-S2#s 200 True", "P1-S3#s 300 True", "P1-S4#s 400 True",
            "P1-S5#s 500 False",
        ], expected);
        Assert.Equal(expected, await LedgerRowsAsync(database));
    }

    private PostgresGrainStorage NewStorage(NpgsqlDataSource source) => PersonStorages.Create(orleansServices, source);

    private Task<GrainState<PersonState>> ReadAsync(string psnNo) =>
        PersonStorages.ReadAsync<PersonState>(storage, Person(psnNo));

    private static GrainId Person(string psnNo) => PersonStorages.Person(psnNo);

    private static LedgerEvent Row(string eventId, long medfeeFen) =>
        new(eventId, "H1", Day, "360100", "360102", new SettlementFigures { MedfeeSumamt = Money.FromFen(medfeeFen) },
            Retracts: false);

    private static LedgerEvent Retraction(string eventId, long medfeeFen) => Row(eventId, medfeeFen) with
    {
        Retracts = true,
    };

    /// <summary>Every ledger row as "event_id medfee_fen retracted", ordered by event id.</summary>
    private static async Task<List<string>> LedgerRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT event_id, medfee_fen, retracted FROM engine_ledger_row ORDER BY event_id COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)} {reader.GetInt64(1)} {reader.GetBoolean(2)}");
        }
        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
