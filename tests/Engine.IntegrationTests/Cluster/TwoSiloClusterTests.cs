using System.Buffers;
using System.Diagnostics;
using Engine.Contracts.Domain;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.Hosting;
using Engine.IntegrationTests.Infrastructure;
using Npgsql;

namespace Engine.IntegrationTests.Cluster;

/// <summary>
/// Two real silo hosts on one PostgreSQL database, clustered through the membership table: one Orleans cluster, so a
/// person's grain has one activation whichever silo's terminal gateway the hospital uses, and a silo that leaves
/// hands its persons to the other through their persisted state.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoSiloClusterTests(PostgresServer postgres)
{
    private const string Hospital = SyntheticReference.Institution;
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);

    [Fact]
    public async Task TwoSilos_SameClusterOnPostgres_OneClusterServingAVisitThroughBothGateways()
    {
        var database = await postgres.CreateDatabaseAsync();
        var clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        var serviceId = "service-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await ClusterSilo.StartAsync(database, clusterId, serviceId);
        await using var second = await ClusterSilo.StartAsync(database, clusterId, serviceId);

        // Both silos see both, and the membership table lists both as active (status 3).
        await WaitForActiveHostsAsync(first, 2);
        await WaitForActiveHostsAsync(second, 2);
        Assert.Equal(new[] { (first.SiloPort, 3), (second.SiloPort, 3) }.Order(),
            await MembersAsync(database, clusterId));

        // Reference data loaded through silo 1; the visit's steps alternate between the two terminal gateways.
        await first.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 4));
        using var viaFirst = await RawTerminal.SignInAsync(first.Terminal, Hospital);
        using var viaSecond = await RawTerminal.SignInAsync(second.Terminal, Hospital);
        var registered = await CallAsync(viaFirst, MessageType.Register,
            new RegisterRequest("C1", Hospital, SyntheticReference.PsnNo(0), MedType.General, null, false, Day), MessageCodec.Write);
        Assert.True(registered.IsOk, registered.Message);
        var uploaded = await CallAsync(viaSecond, MessageType.UploadFees,
            new UploadFeesRequest("C2", Hospital, registered.VisitId!, "B1", Day, SyntheticReference.Lines), MessageCodec.Write);
        Assert.True(uploaded.IsOk, uploaded.Message);
        var settle = new SettleRequest("C3", Hospital, registered.VisitId!, false, Day);
        var settled = await CallAsync(viaFirst, MessageType.Settle, settle, MessageCodec.Write);
        Assert.True(settled.IsOk, settled.Message);
        // The retransmission through the other silo reaches the same person log: the same settlement, not a second.
        var retransmitted = await CallAsync(viaSecond, MessageType.Settle, settle, MessageCodec.Write);
        Assert.Equal(settled.SettlementId, retransmitted.SettlementId);
        Assert.Equal(settled.Settlement!.MedfeeSumamt, retransmitted.Settlement!.MedfeeSumamt);
        Assert.Equal(settled.Settlement.FundPaySumamt, retransmitted.Settlement.FundPaySumamt);

        // One activation of the person for the whole cluster, seen alike from both silos.
        var psnNo = SyntheticReference.PsnNo(0);
        var seenByFirst = await first.Grains.GetGrain<IManagementGrain>(0)
            .GetActivationAddress(first.Grains.GetGrain<IPersonGrain>(psnNo));
        var seenBySecond = await second.Grains.GetGrain<IManagementGrain>(0)
            .GetActivationAddress(second.Grains.GetGrain<IPersonGrain>(psnNo));
        Assert.NotNull(seenByFirst);
        Assert.Equal(seenByFirst, seenBySecond);

        // 3201 through silo 2 balances against the settlement made through silo 1, and so does the operator export.
        var figures = settled.Settlement!;
        var reconciled = await CallAsync(viaSecond, MessageType.Reconcile,
            new ReconcileRequest(Hospital, DateOnly.FromDateTime(Day), 1, figures.MedfeeSumamt, figures.FundPaySumamt,
                figures.AcctPay), MessageCodec.Write);
        Assert.True(reconciled.Reconciliation!.Balanced);
        Assert.Equal(
            "institution,date,count,medfee,fund_pay,account\r\n" +
            $"{Hospital},2025-06-01,1,{figures.MedfeeSumamt},{figures.FundPaySumamt},{figures.AcctPay}\r\n",
            await ExportAsync(database, "reconciliation", "--institution", Hospital, "--date", "2025-06-01"));

        // Silo 1 leaves: its row turns Dead (6), and silo 2 alone still serves the person from its stored state.
        await first.StopAsync();
        Assert.Contains((first.SiloPort, 6), await MembersAsync(database, clusterId));
        Assert.Contains((second.SiloPort, 3), await MembersAsync(database, clusterId));
        var cancelled = await CallAsync(viaSecond, MessageType.CancelSettlement,
            new CancelSettlementRequest("C4", Hospital, settled.SettlementId!, Day.AddHours(1)), MessageCodec.Write);
        Assert.True(cancelled.IsOk, cancelled.Message);
    }

    [Fact]
    public async Task TwoSilos_DifferentClusterIds_DoNotJoin()
    {
        var database = await postgres.CreateDatabaseAsync();
        var serviceId = "service-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await ClusterSilo.StartAsync(database, "cluster-a", serviceId);
        await using var second = await ClusterSilo.StartAsync(database, "cluster-b", serviceId);

        Assert.Single(await first.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
        Assert.Single(await second.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
        Assert.Equal([(first.SiloPort, 3)], await MembersAsync(database, "cluster-a"));
        Assert.Equal([(second.SiloPort, 3)], await MembersAsync(database, "cluster-b"));
    }

    private static async Task<TransactionReply> CallAsync<T>(RawTerminal terminal, MessageType type, T body,
        BodyWriter<T> codec)
    {
        var (header, replyBody) = await terminal.CallAsync(type, body, codec);
        Assert.Equal(type, header.Type);
        return MessageCodec.Decode(new ReadOnlySequence<byte>(replyBody), MessageCodec.ReadTransactionReply);
    }

    private static async Task WaitForActiveHostsAsync(ClusterSilo silo, int count)
    {
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var hosts = await management.GetHosts(onlyActive: true);
            if (hosts.Count == count) return;
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"silo {silo.SiloPort} sees {hosts.Count} active hosts after 30 s, expected {count}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>(silo port, status) of every row of the cluster, in port order.</summary>
    internal static async Task<List<(int Port, int Status)>> MembersAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT port, status FROM engine_membership WHERE deployment_id = @cluster ORDER BY port", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var members = new List<(int, int)>();
        while (await reader.ReadAsync()) members.Add((reader.GetInt32(0), reader.GetInt32(1)));
        return members;
    }

    private static async Task<string> ExportAsync(string connectionString, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await LedgerExportCommand.RunAsync([.. args, $"--ConnectionStrings:Engine={connectionString}"],
            output, errors);
        Assert.True(exitCode == 0, errors.ToString());
        return output.ToString();
    }
}
