using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Messaging;
using Engine.Reference;
using Engine.Tests.Lifecycle;
using Engine.Tests.Persistence;
using static Engine.Tests.Lifecycle.TestEngine;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Messaging;

/// <summary>The order of checks of scenario-format.md §3: the person's log, then the msgId registry.</summary>
public sealed class PersonTransactionsTests
{
    private static readonly DateTime Now = StartUtc;

    private static PersonLedger NewLedger(PersonState? state = null)
    {
        var ledger = new PersonLedger(Employee, state ?? new PersonState(), new ReferenceSnapshot(Data(), 1),
            LedgerOptions.Default);
        ledger.Load(Seed(Person(Employee), balance: 500m));
        return ledger;
    }

    private static RegisterRequest Register(string msgId, string psnNo = Employee) =>
        new(msgId, LocalHospital, psnNo, MedType.General, null, false, At);

    [Fact]
    public async Task RunAsync_MsgIdReusedByAnotherPersonOfTheInstitution_ReturnsDuplicateMsgId()
    {
        using var engine = new TestEngine();
        Assert.Equal(SettlementStatus.Ok, (await engine.RegisterAsync("M1", Employee)).Status);

        Assert.Equal(SettlementStatus.DuplicateMsgId, (await engine.RegisterAsync("M1", Employee2)).Status);
        Assert.Equal(SettlementStatus.DuplicateMsgId, (await engine.RegisterAsync("M1", Employee2)).Status);
        Assert.Equal(SettlementStatus.Ok, (await engine.RegisterAsync("M1", Employee2, CityHospital)).Status);
    }

    [Fact]
    public async Task RunAsync_MsgIdOfAnotherPersonsReversedMessage_ReturnsReversedMsgId()
    {
        using var engine = new TestEngine();
        await engine.SettledVisitAsync("A", 500m);
        await engine.ReverseAsync("V1", "AS");
        var visitId = await engine.OpenVisitAsync("R2", Employee2);
        await engine.UploadAsync("U2", visitId, "B1", 100m);

        Assert.Equal(SettlementStatus.ReversedMsgId, (await engine.SettleAsync("AS", visitId)).Status);
    }

    [Fact]
    public async Task RunAsync_NewMessage_ExecutesAndReportsAStateChange()
    {
        var registry = new InMemoryMessageRegistry();

        var (reply, changed) = await PersonTransactions.RunAsync(NewLedger(), registry, Register("M1"), Now);

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        Assert.True(changed);
    }

    [Fact]
    public async Task RunAsync_Retransmission_AnswersFromTheLogWithoutAStateChange()
    {
        var registry = new InMemoryMessageRegistry();
        var ledger = NewLedger();
        var (first, _) = await PersonTransactions.RunAsync(ledger, registry, Register("M1"), Now);

        var (again, changed) = await PersonTransactions.RunAsync(ledger, registry, Register("M1"), Now);

        GraphEquivalence.AssertEquivalent(first, again); // decoded from the log's stored reply
        Assert.False(changed);
    }

    [Fact]
    public async Task RunAsync_TombstonedMsgId_LogsTheRejectionAtThePerson()
    {
        var registry = new InMemoryMessageRegistry();
        var state = new PersonState();
        var ledger = NewLedger(state);
        await registry.TombstoneAsync(new MessageKey(LocalHospital, "M1"), Now);

        var (reply, changed) = await PersonTransactions.RunAsync(ledger, registry, Register("M1"), Now);

        Assert.Equal(SettlementStatus.ReversedMsgId, reply.Status);
        Assert.True(changed);
        Assert.Equal(MessageOutcome.Reversed, state.Messages[new MessageKey(LocalHospital, "M1")].Outcome);
        Assert.Empty(state.Visits);
        // Its retransmissions are answered by the person's own log, even by a registry that forgot the tombstone.
        var (again, _) = await PersonTransactions.RunAsync(ledger, new InMemoryMessageRegistry(), Register("M1"), Now);
        Assert.Equal(SettlementStatus.ReversedMsgId, again.Status);
    }

    [Fact]
    public async Task RunAsync_NotAPersonTransaction_Throws()
    {
        var request = new PreSettleRequest(LocalHospital, Employee + "-V1", false, At);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await PersonTransactions.RunAsync(NewLedger(), new InMemoryMessageRegistry(), request, Now));
    }
}
