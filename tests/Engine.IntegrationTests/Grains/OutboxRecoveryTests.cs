using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.IntegrationTests.Infrastructure;
using Npgsql;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: a person's persisted outbox that the ledger does not have, on a silo that then dies, still reaches
/// reconciliation: the restarted cluster's recovery scan finds the outbox and re-delivers it. On PostgreSQL the
/// state write commits the outbox to the ledger itself, so such an outbox is one written before it did (an earlier
/// build): the test stands one up by deleting the settlement's row after the write.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxRecoveryTests(PostgresServer postgres)
{
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);

    [Fact]
    public async Task Settle_OutboxBehindTheLedgerThenSiloKilled_RestartedClusterDeliversTheOutbox()
    {
        var database = await postgres.CreateDatabaseAsync();
        var serviceId = "recovery-" + Guid.NewGuid().ToString("N")[..8];
        var first = await EngineTestCluster.StartAsync(database, serviceId: serviceId);
        await first.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 1));
        var registered = await first.Api.RegisterAsync(new RegisterRequest("R1", SyntheticReference.Institution,
            SyntheticReference.PsnNo(0), MedType.General, null, false, Day));
        await first.Api.UploadFeesAsync(new UploadFeesRequest("U1", SyntheticReference.Institution,
            registered.VisitId!, "B1", Day, SyntheticReference.Lines));

        var settled = await first.Api.SettleAsync(
            new SettleRequest("S1", SyntheticReference.Institution, registered.VisitId!, false, Day));
        Assert.True(settled.IsOk);
        foreach (var silo in first.Cluster.Silos.ToArray())
        {
            await first.Cluster.KillSiloAsync(silo); // No graceful deactivation: the stored outbox keeps the event.
        }
        await first.Cluster.DisposeAsync();
        await ExecuteAsync(database, "DELETE FROM engine_ledger_row");

        await using var second = await EngineTestCluster.StartAsync(database, serviceId: serviceId);

        var request = new ReconcileRequest(SyntheticReference.Institution, DateOnly.FromDateTime(Day), 1,
            settled.Settlement!.MedfeeSumamt, settled.Settlement.FundPaySumamt, settled.Settlement.AcctPay);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ReconciliationFigures figures;
        do
        {
            await Task.Delay(500);
            figures = (await second.Api.ReconcileAsync(request)).Reconciliation!;
        }
        while (!figures.Balanced && DateTime.UtcNow < deadline);
        Assert.True(figures.Balanced, $"reconciliation after recovery: {figures}");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
