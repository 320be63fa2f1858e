using Engine.Contracts.Domain;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Grains;
using Engine.Hosting;
using Engine.IntegrationTests.Infrastructure;
using Engine.Lifecycle;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Engine.IntegrationTests.Persistence;

/// <summary>
/// Goal: the in-process storage of the in-memory engine behaves like a real store: a write round-trips through
/// the state's codec (the person state's own, Orleans' for others), a stale ETag is refused, a read is an
/// independent copy of the last write (never the live object), and the silos of one in-process cluster share it, so
/// a person survives its silo leaving.
/// </summary>
public sealed class InMemoryGrainStorageTests
{
    private const string Hospital = SyntheticReference.Institution;
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);
    private static readonly GrainId Grain = GrainId.Create("test", "grain-1");

    [Fact]
    public async Task Write_ThenRead_RoundTripsTheState()
    {
        var storage = NewStorage();
        var written = new GrainState<PersonState>(new PersonState { LastSequence = 7 });
        await storage.WriteStateAsync("person", Grain, written);
        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);

        var read = new GrainState<PersonState>(new PersonState());
        await storage.ReadStateAsync("person", Grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(7, read.State!.LastSequence);
    }

    [Fact]
    public async Task Write_PersonStateInItsCodecsFormat_OtherStatesInOrleansFormat()
    {
        var storage = NewStorage();
        var reference = GrainId.Create("reference", "0");
        await storage.WriteStateAsync("person", Grain, new GrainState<PersonState>(new() { LastSequence = 7 }));
        await storage.WriteStateAsync("reference", reference, new GrainState<ReferenceState>(new() { Version = 3 }));

        var person = storage.Table.Read("person", Grain)!.Data.ToMemory();
        Assert.True(PersonStateCodec.IsPersonStateBlob(person.Span));
        Assert.Equal(7, PersonStateCodec.Decode(person).LastSequence);
        var stored = storage.Table.Read("reference", reference)!.Data.ToMemory();
        Assert.Equal(3, Serializer.Deserialize<ReferenceState>(stored)!.Version);
    }

    [Fact]
    public async Task Read_NothingWritten_NoRecordAndStateLeftAlone()
    {
        var storage = NewStorage();
        var initial = new PersonState();
        var read = new GrainState<PersonState>(initial) { ETag = "stale", RecordExists = true };
        await storage.ReadStateAsync("person", Grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Same(initial, read.State);
    }

    [Fact]
    public async Task Read_AfterWrite_IsAnIndependentCopyOfTheLastWrite()
    {
        var storage = NewStorage();
        var live = new GrainState<PersonState>(new PersonState { LastSequence = 1 });
        await storage.WriteStateAsync("person", Grain, live);
        live.State!.LastSequence = 2; // A failed transaction's change, never written.

        var reloaded = new GrainState<PersonState>(new PersonState());
        await storage.ReadStateAsync("person", Grain, reloaded);
        Assert.Equal(1, reloaded.State!.LastSequence);
        Assert.NotSame(live.State, reloaded.State);
        var again = new GrainState<PersonState>(new PersonState());
        await storage.ReadStateAsync("person", Grain, again);
        Assert.NotSame(reloaded.State, again.State);
    }

    [Fact]
    public async Task Write_StaleETag_ThrowsAndKeepsTheStoredState()
    {
        var storage = NewStorage();
        var first = new GrainState<PersonState>(new PersonState { LastSequence = 1 });
        await storage.WriteStateAsync("person", Grain, first);
        var staleETag = first.ETag;
        first.State!.LastSequence = 2;
        await storage.WriteStateAsync("person", Grain, first);

        var stale = new GrainState<PersonState>(new PersonState { LastSequence = 99 }) { ETag = staleETag };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("person", Grain, stale));
        var fresh = new GrainState<PersonState>(new PersonState { LastSequence = 99 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("person", Grain, fresh));

        var read = new GrainState<PersonState>(new PersonState());
        await storage.ReadStateAsync("person", Grain, read);
        Assert.Equal(2, read.State!.LastSequence);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_RemovesTheRecord_AndRefusesAStaleETag()
    {
        var storage = NewStorage();
        var state = new GrainState<PersonState>(new PersonState());
        await storage.WriteStateAsync("person", Grain, state);
        var stale = new GrainState<PersonState>(new PersonState()) { ETag = "0" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("person", Grain, stale));

        await storage.ClearStateAsync("person", Grain, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        var read = new GrainState<PersonState>(new PersonState());
        await storage.ReadStateAsync("person", Grain, read);
        Assert.False(read.RecordExists);
        await storage.WriteStateAsync("person", Grain, state); // Written anew after the clear.
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task TwoSilos_PersonStoredThroughOne_ServedByTheOtherAfterItLeaves()
    {
        await using var cluster = await EngineTestCluster.StartAsync(silos: 2);
        await cluster.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 8));
        var settles = new Dictionary<string, (SettleRequest Request, TransactionReply Reply)>();
        for (var i = 0; i < 8; i++)
        {
            var psnNo = SyntheticReference.PsnNo(i);
            settles[psnNo] = await VisitAsync(cluster.Api, psnNo, "M" + i);
        }

        // Both silos resolve the same table: the stored state of every person is the same through either.
        var silos = cluster.Cluster.Silos;
        var persons = InMemoryGrainStateTable.For(cluster.Cluster.Options.ServiceId, StorageNames.Persons);
        Assert.Same(persons, TableOf(silos[0]));
        Assert.Same(persons, TableOf(silos[1]));
        foreach (var psnNo in settles.Keys)
        {
            var grainId = cluster.Cluster.Client.GetGrain<IPersonGrain>(psnNo).GetGrainId();
            var stored = persons.Read("person", grainId);
            Assert.NotNull(stored);
            var state = PersonStateCodec.Decode(stored.Data.ToMemory());
            var visit = Assert.Single(state.Visits.Values);
            Assert.Equal(SyntheticReference.Lines.Length, Assert.Single(visit.Batches).Lines.Length);
            var settlement = Assert.Single(state.Settlements.Values);
            Assert.Equal<string>(["B1"], settlement.BatchNos);
            Assert.Contains(state.Messages.Values.Select(m => m.Reply.Decode()),
                reply => !reply.Lines.IsDefault && reply.Lines.Length == SyntheticReference.Lines.Length);
        }

        // A person whose activation lives on the second silo: that silo leaves, the first re-activates the person
        // from the shared table, and the retransmitted 2207 gets the stored reply.
        var management = cluster.Cluster.Client.GetGrain<IManagementGrain>(0);
        string? onSecond = null;
        foreach (var psnNo in settles.Keys)
        {
            var address = await management.GetActivationAddress(cluster.Cluster.Client.GetGrain<IPersonGrain>(psnNo));
            if (address == silos[1].SiloAddress) onSecond = psnNo;
        }
        Assert.NotNull(onSecond);
        await cluster.Cluster.StopSiloAsync(silos[1]);
        var (request, original) = settles[onSecond];
        var retransmitted = await cluster.Api.SettleAsync(request);
        Assert.True(retransmitted.IsOk, retransmitted.Message);
        Assert.Equal(original.SettlementId, retransmitted.SettlementId);
        Assert.Equal(original.Settlement, retransmitted.Settlement);
    }

    private static async Task<(SettleRequest Request, TransactionReply Reply)> VisitAsync(
        GrainSettlementApi api, string psnNo, string msgPrefix)
    {
        var registered = await api.RegisterAsync(
            new RegisterRequest(msgPrefix + "R", Hospital, psnNo, MedType.General, null, false, Day));
        Assert.True(registered.IsOk, registered.Message);
        var uploaded = await api.UploadFeesAsync(
            new UploadFeesRequest(msgPrefix + "U", Hospital, registered.VisitId!, "B1", Day, SyntheticReference.Lines));
        Assert.True(uploaded.IsOk, uploaded.Message);
        var settle = new SettleRequest(msgPrefix + "S", Hospital, registered.VisitId!, false, Day);
        var settled = await api.SettleAsync(settle);
        Assert.True(settled.IsOk, settled.Message);
        return (settle, settled);
    }

    [Fact]
    public void Table_SmallerStateOverALargerOne_ReadsBackExactlyTheLastBytes()
    {
        var table = InMemoryGrainStateTable.For("table-test-" + Guid.NewGuid().ToString("N")[..8], "persons");
        var large = Enumerable.Range(0, 5_000).Select(i => (byte)i).ToArray();
        var small = new byte[] { 1, 2, 3 };

        var first = table.Write("person", Grain, large, expectedETag: null);
        var second = table.Write("person", Grain, small, first); // Into the array the first write left.
        var read = table.Read("person", Grain)!;

        Assert.Equal(small, read.Data.ToArray());
        Assert.Equal(second, read.ETag);
        // A copy: the next write into the grain's array does not change what was read.
        table.Write("person", Grain, large, second);
        Assert.Equal(small, read.Data.ToArray());
        Assert.Equal(large, table.Read("person", Grain)!.Data.ToArray());
    }

    [Fact]
    public void Table_StateGrowingPastItsArray_ThenCleared_ThenWrittenAgain_ReadsBackExactlyEachWrite()
    {
        var table = InMemoryGrainStateTable.For("table-test-" + Guid.NewGuid().ToString("N")[..8], "persons");
        string? etag = null;
        // Each size outgrows the array the last one left (a quarter to spare), so each write moves to a new array.
        foreach (var size in new[] { 1, 10, 1_000, 100_000, 1_000_000 })
        {
            var data = Enumerable.Range(0, size).Select(i => (byte)(i * 7 + size)).ToArray();
            etag = table.Write("person", Grain, data, etag);
            Assert.Equal(data, table.Read("person", Grain)!.Data.ToArray());
        }

        table.Clear("person", Grain, etag);
        Assert.Null(table.Read("person", Grain));
        var again = new byte[] { 9, 8, 7 };
        var written = table.Write("person", Grain, again, expectedETag: null);
        var read = table.Read("person", Grain)!;
        Assert.Equal(again, read.Data.ToArray());
        Assert.Equal(written, read.ETag);
        // Empty is a state too (and not "nothing stored").
        var empty = table.Write("person", Grain, ReadOnlySpan<byte>.Empty, written);
        Assert.Empty(table.Read("person", Grain)!.Data.ToArray());
        Assert.Equal(empty, table.Read("person", Grain)!.ETag);
    }

    private static Serializer Serializer { get; } =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static InMemoryGrainStorage NewStorage() => PersonStorages.CreateInMemory("storage-test-");

    private static InMemoryGrainStateTable TableOf(Orleans.TestingHost.InProcessSiloHandle silo)
    {
        var storage = silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Persons);
        var found = Assert.IsType<InMemoryGrainStorage>(storage);
        return found.Table;
    }

}
