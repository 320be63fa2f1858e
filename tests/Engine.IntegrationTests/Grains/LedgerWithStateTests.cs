using Engine.Accounting;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: on PostgreSQL a settlement's ledger row and its msgId claim commit in the person's state write, so a settle
/// waits for one commit, not three. The row and the claim are there when the reply comes, written by the state
/// write's transaction; no ledger append and no claim of its own run; a 2601 retracts the row the same way;
/// redelivery of a stored outbox after a crash changes nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerWithStateTests(PostgresServer postgres)
{
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);

    [Fact]
    public async Task Settle_OnPostgres_RowAndClaimCommittedByTheStateWriteOneWritingTransactionPerSettle()
    {
        const int persons = 20;
        var database = await postgres.CreateDatabaseAsync();
        await using var cluster = await EngineTestCluster.StartAsync(database);
        await cluster.Api.LoadReferenceAsync(SyntheticReference.Build(persons));
        var visits = new string[persons];
        for (var i = 0; i < persons; i++)
        {
            visits[i] = await RegisterAndUploadAsync(cluster, i);
        }

        var transactionIdBefore = await PostgresProbe.NewTransactionIdAsync(database);
        for (var i = 0; i < persons; i++) // One at a time: no two settles share a group commit.
        {
            var settled = await cluster.Api.SettleAsync(
                new SettleRequest("S" + i, SyntheticReference.Institution, visits[i], false, Day));
            Assert.True(settled.IsOk, settled.Message);
            // At the reply the row is in the ledger and the msgId in the registry, both written by the transaction that
            // wrote the person's state.
            var stateTransaction = await PostgresProbe.StateTransactionAsync(database, GrainIdOf(i));
            Assert.Equal(stateTransaction,
                await PostgresProbe.LedgerRowTransactionAsync(database, settled.SettlementId + "#s"));
            Assert.Equal((stateTransaction, SyntheticReference.PsnNo(i)),
                await PostgresProbe.RegistryEntryAsync(database, SyntheticReference.Institution, "S" + i));
        }
        var writingTransactions = await PostgresProbe.NewTransactionIdAsync(database) - transactionIdBefore - 1;

        // Per settle: the state write; a claim of its own would make it two, a ledger append of its own three. The
        // margin is for autovacuum, whose analyzes take transaction ids of the same server.
        Assert.InRange(writingTransactions, persons, persons + persons / 2 - 1);
        Assert.Equal(0, LedgerStoreOf(cluster).CommitCount);
        Assert.Equal(persons, await PostgresProbe.CountAsync(database, "engine_ledger_row"));
    }

    [Fact]
    public async Task Settle_SiloKilledThenReversed_RedeliveryChangesNothingAndTheRetractionGoesWithTheState()
    {
        var database = await postgres.CreateDatabaseAsync();
        var serviceId = "ledger-" + Guid.NewGuid().ToString("N")[..8];
        var first = await EngineTestCluster.StartAsync(database, serviceId: serviceId);
        await first.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 1));
        var visit = await RegisterAndUploadAsync(first, 0);
        var settled = await first.Api.SettleAsync(
            new SettleRequest("S1", SyntheticReference.Institution, visit, false, Day));
        Assert.True(settled.IsOk, settled.Message);
        var eventId = settled.SettlementId + "#s";
        var rowTransaction = await PostgresProbe.LedgerRowTransactionAsync(database, eventId);
        Assert.Equal(await PostgresProbe.StateTransactionAsync(database, GrainIdOf(0)), rowTransaction);
        // Killed before any later write: the stored outbox still holds the event, which the restart redelivers.
        foreach (var silo in first.Cluster.Silos.ToArray())
        {
            await first.Cluster.KillSiloAsync(silo);
        }
        await first.Cluster.DisposeAsync();

        await using var second = await EngineTestCluster.StartAsync(database, serviceId: serviceId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (LedgerStoreOf(second).CommitCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(1, LedgerStoreOf(second).CommitCount); // The outbox recovery's redelivery.
        Assert.Equal(rowTransaction, await PostgresProbe.LedgerRowTransactionAsync(database, eventId)); // Untouched.

        var reversed = await second.Api.ReverseAsync(
            new ReverseRequest("X1", SyntheticReference.Institution, "S1", "settle", Day));
        Assert.True(reversed.IsOk, reversed.Message);

        Assert.True(await RetractedAsync(database, eventId));
        Assert.Equal(await PostgresProbe.StateTransactionAsync(database, GrainIdOf(0)),
            await PostgresProbe.LedgerRowTransactionAsync(database, eventId));
        Assert.Equal(1, LedgerStoreOf(second).CommitCount);
        var day = DateOnly.FromDateTime(Day);
        var figures = (await second.Api.ReconcileAsync(new ReconcileRequest(
            SyntheticReference.Institution, day, 0, Money.Zero, Money.Zero, Money.Zero))).Reconciliation!;
        Assert.True(figures.Balanced, $"reconciliation after the 2601: {figures}");
    }

    private static async Task<string> RegisterAndUploadAsync(EngineTestCluster cluster, int person)
    {
        var registered = await cluster.Api.RegisterAsync(new RegisterRequest("R" + person, SyntheticReference.Institution,
            SyntheticReference.PsnNo(person), MedType.General, null, false, Day));
        Assert.True(registered.IsOk, registered.Message);
        var uploaded = await cluster.Api.UploadFeesAsync(new UploadFeesRequest("U" + person,
            SyntheticReference.Institution, registered.VisitId!, "B1", Day, SyntheticReference.Lines));
        Assert.True(uploaded.IsOk, uploaded.Message);
        return registered.VisitId!;
    }

    private static string GrainIdOf(int person) => "person/" + SyntheticReference.PsnNo(person);

    private static PostgresLedgerStore LedgerStoreOf(EngineTestCluster cluster) =>
        Assert.IsType<PostgresLedgerStore>(cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<ILedgerStore>());

    private static async Task<bool> RetractedAsync(string connectionString, string eventId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT retracted FROM engine_ledger_row WHERE event_id = @event_id", connection);
        command.Parameters.Add(new NpgsqlParameter<string>("event_id", eventId));
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
