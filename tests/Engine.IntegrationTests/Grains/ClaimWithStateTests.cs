using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: on PostgreSQL a person's new msgId is claimed in the state write's transaction, and when the msgId is not
/// the person's the grain still answers as the separate claim did: the write is refused, the grain reloads its state
/// and runs the transaction again with the claim first. Nothing of the refused transaction reaches storage.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClaimWithStateTests(PostgresServer postgres)
{
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);

    [Fact]
    public async Task Register_MsgIdOfAnotherPerson_DuplicateRejectedNothingWrittenAndThePersonCarriesOn()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var cluster = await EngineTestCluster.StartAsync(database);
        await cluster.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 2));
        var first = await cluster.Api.RegisterAsync(Register("M-1", person: 0));
        Assert.True(first.IsOk, first.Message);
        var stateBefore = await PostgresProbe.StateTransactionAsync(database, "person/" + SyntheticReference.PsnNo(1));

        var reused = await cluster.Api.RegisterAsync(Register("M-1", person: 1));

        Assert.Equal(SettlementStatus.DuplicateMsgId, reused.Status);
        Assert.Equal(stateBefore, await PostgresProbe.StateTransactionAsync(database, "person/" + SyntheticReference.PsnNo(1)));
        Assert.Equal(SyntheticReference.PsnNo(0),
            (await PostgresProbe.RegistryEntryAsync(database, SyntheticReference.Institution, "M-1")).PsnNo);
        // The reloaded activation works on: its next transaction, and a retransmission of the first one's msgId.
        var next = await cluster.Api.RegisterAsync(Register("M-2", person: 1));
        Assert.True(next.IsOk, next.Message);
        Assert.Equal(SettlementStatus.DuplicateMsgId, (await cluster.Api.RegisterAsync(Register("M-1", person: 1))).Status);
        Assert.Equal((await PostgresProbe.StateTransactionAsync(database, "person/" + SyntheticReference.PsnNo(1)),
                SyntheticReference.PsnNo(1)),
            await PostgresProbe.RegistryEntryAsync(database, SyntheticReference.Institution, "M-2"));
    }

    private static RegisterRequest Register(string msgId, int person) => new(msgId, SyntheticReference.Institution,
        SyntheticReference.PsnNo(person), MedType.General, null, false, Day);
}
