using Engine.Contracts;
using Engine.IntegrationTests.Infrastructure;
using Engine.Lifecycle;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Engine.IntegrationTests.Persistence;

/// <summary>
/// The engine's group-committing grain storage on a real PostgreSQL: what one grain writes it reads back; a stale
/// ETag fails only its own write while the rest of its batch commits; many grains' writes share commits.
/// The state is mostly a list of numbers (stored in Orleans' format), so these tests do not depend on the person
/// state's shape; one stores a person state, which goes through its own codec.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string StateName = PersonStorages.StateName;
    private readonly ServiceProvider orleansServices = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private string database = "";
    private NpgsqlDataSource dataSource = null!;
    private PostgresGrainStorage storage = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        database = await postgres.CreateDatabaseAsync();
        dataSource = NpgsqlDataSource.Create(database);
        storage = NewStorage(PostgresGrainStorageLimits.Default);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await storage.DisposeAsync();
        await dataSource.DisposeAsync();
        await orleansServices.DisposeAsync();
    }

    [Fact]
    public async Task ReadWrite_NewGrain_ReadsNothingThenWhatWasWritten()
    {
        var grain = Person("P1");
        var activation = new GrainState<List<long>>();
        await storage.ReadStateAsync(StateName, grain, activation);
        Assert.False(activation.RecordExists);
        Assert.Null(activation.ETag);
        Assert.Empty(activation.State!);

        activation.State!.AddRange([1, 2, 3]);
        await storage.WriteStateAsync(StateName, grain, activation);
        Assert.True(activation.RecordExists);
        Assert.Equal("1", activation.ETag);

        var next = await ReadAsync(grain);
        Assert.True(next.RecordExists);
        Assert.Equal("1", next.ETag);
        Assert.Equal([1, 2, 3], next.State!);
        Assert.Empty((await ReadAsync(Person("P2"))).State!); // Another grain's key is another row.
    }

    [Fact]
    public async Task Write_PersonState_StoredInItsCodecsFormatAndReadBack()
    {
        var grain = Person("P1");
        var written = new GrainState<PersonState>(
            new PersonState { AccountBalance = Money.FromFen(12_345), LastSequence = 7 });
        await storage.WriteStateAsync(StateName, grain, written);

        await using (var select = dataSource.CreateCommand(
            "SELECT payload FROM engine_grain_state WHERE grain_id = 'person/P1'"))
        {
            var payload = (byte[])(await select.ExecuteScalarAsync())!;
            Assert.Equal(PersonStateCodec.Encode(written.State!), payload);
        }
        var read = new GrainState<PersonState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(Money.FromFen(12_345), read.State!.AccountBalance);
        Assert.Equal(7, read.State.LastSequence);
    }

    [Fact]
    public async Task Write_FirstWriteWhileAnotherActivationWroteTheRow_FailsAndKeepsTheRow()
    {
        var grain = Person("P1");
        var first = await ReadAsync(grain);
        var second = await ReadAsync(grain); // Both saw no row.
        first.State!.Add(1);
        second.State!.Add(2);

        await storage.WriteStateAsync(StateName, grain, first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, second));

        Assert.Equal([1], (await ReadAsync(grain)).State!);
        Assert.Null(second.ETag); // The failed write leaves the activation's ETag alone.
    }

    [Fact]
    public async Task Write_StaleETagInABatchOfManyConcurrentWrites_FailsOnlyTheStaleWriter()
    {
        const int grainCount = 300;
        var activations = new GrainState<List<long>>[grainCount];
        for (var i = 0; i < grainCount; i++)
        {
            activations[i] = await ReadAsync(Person("P" + i));
            activations[i].State!.Add(i);
        }
        await Task.WhenAll(activations.Select((a, i) => storage.WriteStateAsync(StateName, Person("P" + i), a)));
        // P0 moves on to version 2 under a second activation; the first activation's ETag 1 is now stale.
        var stale = activations[0];
        var current = await ReadAsync(Person("P0"));
        current.State!.Add(100);
        await storage.WriteStateAsync(StateName, Person("P0"), current);
        var commitsBefore = storage.WriteCommitCount;

        stale.State!.Add(-1);
        var staleWrite = storage.WriteStateAsync(StateName, Person("P0"), stale);
        var others = Enumerable.Range(1, grainCount - 1).Select(i =>
        {
            activations[i].State!.Add(1_000 + i);
            return storage.WriteStateAsync(StateName, Person("P" + i), activations[i]);
        }).ToArray();

        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        await Task.WhenAll(others); // Every other write of the batch committed.
        Assert.True(storage.WriteCommitCount - commitsBefore < grainCount,
            $"{storage.WriteCommitCount - commitsBefore} commits for {grainCount} writes");
        Assert.Equal([0, 100], (await ReadAsync(Person("P0"))).State!);
        for (var i = 1; i < grainCount; i++)
        {
            var stored = await ReadAsync(Person("P" + i));
            Assert.Equal([i, 1_000 + i], stored.State!);
            Assert.Equal("2", stored.ETag);
        }
    }

    [Fact]
    public async Task Write_TwoActivationsOfOneGrainWithTheSameETagInOneBatch_ExactlyOneWins()
    {
        var grain = Person("P1");
        var initial = await ReadAsync(grain);
        await storage.WriteStateAsync(StateName, grain, initial);
        for (var round = 0; round < 20; round++)
        {
            var left = await ReadAsync(grain);
            var right = await ReadAsync(grain);
            left.State!.Add(round);
            right.State!.Add(-round);

            var writes = new[]
            {
                storage.WriteStateAsync(StateName, grain, left), storage.WriteStateAsync(StateName, grain, right),
            };
            var outcomes = await Task.WhenAll(writes.Select(async w =>
            {
                try
                {
                    await w;
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            }));

            Assert.Equal(1, outcomes.Count(won => won));
            var winner = outcomes[0] ? left : right;
            var stored = await ReadAsync(grain);
            Assert.Equal(winner.State!, stored.State!);
            Assert.Equal(winner.ETag, stored.ETag);
        }
    }

    [Fact]
    public async Task Clear_WrittenGrain_ReadsAsNoRecordAndStaleWritersStillFail()
    {
        var grain = Person("P1");
        var activation = await ReadAsync(grain);
        activation.State!.Add(7);
        await storage.WriteStateAsync(StateName, grain, activation);
        var stale = await ReadAsync(grain);

        await storage.ClearStateAsync(StateName, grain, activation);
        Assert.False(activation.RecordExists);
        Assert.Empty(activation.State!);
        Assert.Equal("2", activation.ETag); // The version moves on, so the stale copy below cannot write.

        var reread = await ReadAsync(grain);
        Assert.False(reread.RecordExists);
        Assert.Empty(reread.State!);
        Assert.Equal("2", reread.ETag);
        stale.State!.Add(8);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, stale));

        activation.State!.Add(9);
        await storage.WriteStateAsync(StateName, grain, activation); // Writing after a clear continues the row.
        Assert.Equal([9], (await ReadAsync(grain)).State!);
        Assert.Equal("3", activation.ETag);
    }

    [Fact]
    public async Task Clear_GrainNeverWritten_IsANoOpUnlessAnotherActivationWrote()
    {
        var neverWritten = await ReadAsync(Person("P1"));
        await storage.ClearStateAsync(StateName, Person("P1"), neverWritten);
        Assert.Null(neverWritten.ETag);
        Assert.False(neverWritten.RecordExists);

        var late = await ReadAsync(Person("P2"));
        var writer = await ReadAsync(Person("P2"));
        await storage.WriteStateAsync(StateName, Person("P2"), writer);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Person("P2"), late));
    }

    [Fact]
    public async Task Write_ManyGrainsConcurrentlyEachWritingInTurn_EveryGrainEndsWithItsLastState()
    {
        const int grainCount = 400;
        const int writesPerGrain = 10;
        await Task.WhenAll(Enumerable.Range(0, grainCount).Select(i => Task.Run(async () =>
        {
            var grain = Person("P" + i);
            var activation = await ReadAsync(grain);
            for (var n = 1; n <= writesPerGrain; n++)
            {
                activation.State!.Add(i * 100 + n);
                await storage.WriteStateAsync(StateName, grain, activation);
            }
        })));

        for (var i = 0; i < grainCount; i++)
        {
            var stored = await ReadAsync(Person("P" + i));
            Assert.Equal(Enumerable.Range(1, writesPerGrain).Select(n => (long)(i * 100 + n)), stored.State!);
            Assert.Equal(writesPerGrain.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.ETag);
        }
        Assert.True(storage.WriteCommitCount < grainCount * writesPerGrain / 4,
            $"{storage.WriteCommitCount} commits for {grainCount * writesPerGrain} writes");
    }

    [Fact]
    public async Task Write_ThousandConcurrentGrains_PostgresCountsFarFewerCommitsThanWrites()
    {
        const int grainCount = 1_000;
        var activations = await Task.WhenAll(Enumerable.Range(0, grainCount).Select(i => ReadAsync(Person("P" + i))));
        // Backends flush their statistics when they exit: close the reads' connections before the first count, and
        // the writes' connections before the second, so that each count is complete.
        await dataSource.DisposeAsync();
        var commitsBefore = await SettledCommitCountAsync();
        await using var writerSource = NpgsqlDataSource.Create(database);
        long statements;
        await using (var writer = NewStorage(writerSource, PostgresGrainStorageLimits.Default))
        {
            await Task.WhenAll(activations.Select((a, i) =>
            {
                a.State!.Add(i);
                return writer.WriteStateAsync(StateName, Person("P" + i), a);
            }));
            statements = writer.WriteCommitCount;
        }
        await writerSource.DisposeAsync();
        var commits = await SettledCommitCountAsync() - commitsBefore;
        dataSource = NpgsqlDataSource.Create(database); // For DisposeAsync.

        // Each statement is one commit. The counter also holds the counting queries and the type-loading queries
        // Npgsql runs when a data source opens its first connection (together about a dozen).
        Assert.True(commits <= statements + 20, $"PostgreSQL counted {commits} commits for {statements} statements");
        Assert.True(commits < grainCount / 10, $"PostgreSQL counted {commits} commits for {grainCount} writes");
        Assert.Equal(grainCount, await PostgresProbe.CountAsync(database, "engine_grain_state"));
    }

    [Fact]
    public async Task Write_BatchLargerThanTheByteBound_IsSplitAndEveryWriteCommits()
    {
        await using var small = NewStorage(new PostgresGrainStorageLimits(
            BatchWritesMax: 64, QueueWritesMax: 128, PayloadBytesMax: 4_096, BatchBytesMax: 8_192));
        var activations = new GrainState<List<long>>[64];
        for (var i = 0; i < activations.Length; i++)
        {
            activations[i] = new GrainState<List<long>>([.. Enumerable.Range(0, 300).Select(n => (long)n * 1_000_003)]);
        }

        await Task.WhenAll(activations.Select((a, i) => small.WriteStateAsync(StateName, Person("B" + i), a)));

        Assert.All(activations, a => Assert.Equal("1", a.ETag));
        var oversized = new GrainState<List<long>>([.. Enumerable.Range(0, 2_000).Select(n => (long)n * 1_000_003)]);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => small.WriteStateAsync(StateName, Person("X"), oversized));
    }

    [Fact]
    public async Task SchemaApply_PersonRowOfTheAdoNetProvider_IsCopiedOnceAndReadable()
    {
        var serializer = new OrleansGrainStorageSerializer(orleansServices.GetRequiredService<Serializer>());
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring,
                                        grainidhash, graintypehash, payloadbinary, version)
            VALUES ('test-service', 'person', 0, 0, 'P9', 0, 0, @payload, 7)
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter<byte[]>("payload",
                serializer.Serialize(new List<long> { 4, 5 }).ToArray()));
            await insert.ExecuteNonQueryAsync();
        }

        await SchemaApplier.ApplyAsync(database);
        var migrated = await ReadAsync(Person("P9"));
        Assert.Equal([4, 5], migrated.State!);
        Assert.Equal("7", migrated.ETag); // The version carries over: the activation writes on from it.
        migrated.State!.Add(6);
        await storage.WriteStateAsync(StateName, Person("P9"), migrated);
        await SchemaApplier.ApplyAsync(database); // Applying again never brings the old row back.
        Assert.Equal([4, 5, 6], (await ReadAsync(Person("P9"))).State!);
    }

    private PostgresGrainStorage NewStorage(PostgresGrainStorageLimits limits) => NewStorage(dataSource, limits);

    private PostgresGrainStorage NewStorage(NpgsqlDataSource source, PostgresGrainStorageLimits limits) =>
        PersonStorages.Create(orleansServices, source, limits);

    private Task<GrainState<List<long>>> ReadAsync(GrainId grain) => PersonStorages.ReadAsync<List<long>>(storage, grain);

    private static GrainId Person(string psnNo) => PersonStorages.Person(psnNo);

    // pg_stat_database lags by up to a second (backends flush at most once a second): wait until two reads agree.
    private async Task<long> SettledCommitCountAsync()
    {
        var previous = -1L;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
            var current = (long)(await command.ExecuteScalarAsync())!;
            if (current == previous) return current;
            previous = current;
            await Task.Delay(600);
        }
        return previous;
    }
}
