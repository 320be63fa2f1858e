using Engine.Grains;
using Engine.Hosting;
using Engine.IntegrationTests.Infrastructure;
using Engine.Lifecycle;
using Orleans.Storage;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: the person grain's state, read and written straight through the grain storage, keeps the storage's
/// guarantees: a write is read back by a new activation, a stale activation's write is refused and a reload gives it
/// what is stored, a reload never keeps what was not written, and on the in-memory storage a write is complete when
/// the call returns (no thread hop: the point of not using Orleans' queued state).
/// </summary>
public sealed class DirectPersistentStateTests
{
    private static readonly GrainId Person = PersonStorages.Person("P0001");

    [Fact]
    public async Task WriteStateAsync_ThenReadByAnotherActivation_RoundTrips()
    {
        var storage = NewStorage();
        var first = new DirectPersistentState<PersonState>(storage, PersonGrain.StateName, Person);
        await first.ReadStateAsync();
        first.State.LastSequence = 7;
        await first.WriteStateAsync();

        var second = new DirectPersistentState<PersonState>(storage, PersonGrain.StateName, Person);
        await second.ReadStateAsync();

        Assert.True(second.RecordExists);
        Assert.Equal(7, second.State.LastSequence);
    }

    [Fact]
    public async Task WriteStateAsync_StaleActivation_IsRefusedAndAReloadGivesWhatIsStored()
    {
        var storage = NewStorage();
        var stale = new DirectPersistentState<PersonState>(storage, PersonGrain.StateName, Person);
        var current = new DirectPersistentState<PersonState>(storage, PersonGrain.StateName, Person);
        await stale.ReadStateAsync();
        await current.ReadStateAsync();
        current.State.LastSequence = 1;
        await current.WriteStateAsync();

        stale.State.LastSequence = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.WriteStateAsync());
        await stale.ReadStateAsync();

        Assert.Equal(1, stale.State.LastSequence);
        stale.State.LastSequence = 2;
        await stale.WriteStateAsync(); // Current again: its write goes through.
    }

    [Fact]
    public async Task ReadStateAsync_NothingStored_GivesANewStateNotTheOneChangedInMemory()
    {
        var state = new DirectPersistentState<PersonState>(NewStorage(), PersonGrain.StateName, Person);
        await state.ReadStateAsync();
        state.State.LastSequence = 5; // Changed, never written.

        await state.ReadStateAsync();

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.LastSequence);
    }

    [Fact]
    public async Task WriteStateAsync_OnTheInMemoryStorage_IsCompleteWhenTheCallReturns()
    {
        var state = new DirectPersistentState<PersonState>(NewStorage(), PersonGrain.StateName, Person);
        await state.ReadStateAsync();

        var write = state.WriteStateAsync();

        Assert.True(write.IsCompletedSuccessfully);
        Assert.True(state.RecordExists);
    }

    private static InMemoryGrainStorage NewStorage() => PersonStorages.CreateInMemory("direct-state-test-");
}
