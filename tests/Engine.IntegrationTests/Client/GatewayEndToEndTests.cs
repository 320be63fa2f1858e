using System.Security.Authentication;
using Engine.Client;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Security;
using Engine.Contracts.Wire;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.Client;

/// <summary>
/// The client against the real gateway: a silo host on loopback, its reference loaded by the AdminClient.
/// </summary>
public sealed class GatewayEndToEndTests : IAsyncLifetime
{
    private const string Hospital = SyntheticReference.Institution;
    private const int PersonCount = 2_100; // Three reference chunks.
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);
    private EngineSilo silo = null!;
    private long referenceVersion;

    public async Task InitializeAsync()
    {
        silo = await EngineSilo.StartAsync(new Dictionary<string, string?> { ["Engine:IdleTimeoutMs"] = "1500" });
        await using var admin = new AdminClient(new AdminClientOptions
        {
            Host = silo.Endpoint.Address.ToString(),
            Port = silo.Endpoint.Port,
            Secret = EngineSilo.AdminSecret,
        });
        referenceVersion = await admin.UpsertReferenceAsync(SyntheticReference.Build(PersonCount));
    }

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Visit_RegisterUploadPreSettleSettleCancel_EveryStepAnswered()
    {
        await using var client = new SettlementClient(Options());

        var registered = await client.RegisterAsync(Register("E1-R", person: 1));
        var visit = Assert.IsType<string>(registered.VisitId);
        var uploaded = await client.UploadFeesAsync(new UploadFeesRequest("E1-U", Hospital, visit, "B1", Day,
            SyntheticReference.Lines));
        var preSettled = await client.PreSettleAsync(new PreSettleRequest(Hospital, visit, true, Day));
        var settled = await client.SettleAsync(new SettleRequest("E1-S", Hospital, visit, true, Day));
        var person = await client.PersonInfoAsync(new PersonInfoRequest(Hospital, SyntheticReference.PsnNo(1), 2025));
        var cancelled = await client.CancelSettlementAsync(
            new CancelSettlementRequest("E1-C", Hospital, settled.SettlementId!, Day));

        Assert.True(referenceVersion > 0);
        Assert.Equal(SettlementStatus.Ok, uploaded.Status);
        Assert.Equal(2, uploaded.Lines.Length);
        Assert.Equal(SettlementStatus.Ok, preSettled.Status);
        Assert.Equal(SettlementStatus.Ok, settled.Status);
        Assert.Equal(preSettled.Settlement, settled.Settlement);
        Assert.Equal(Money.FromYuan(400m), settled.Settlement?.MedfeeSumamt);
        Assert.Equal(settled.Settlement?.Balc, person.Person?.AccountBalance);
        Assert.Equal(SettlementStatus.Ok, cancelled.Status);
        Assert.Equal(-settled.Settlement!.MedfeeSumamt, cancelled.Settlement?.MedfeeSumamt);
    }

    [Fact]
    public async Task Visit_HomeGatewayDown_FailsOverToTheLiveGatewayAndRetransmissionsMatch()
    {
        var options = Options();
        var dead = new GatewayEndpoint("127.0.0.1", EngineConnectionTests.FreePort());
        var live = new GatewayEndpoint(options.Host, options.Port);
        options.Endpoints = [dead, live];
        options.RetransmissionDelayMs = 10;
        await using var client = new SettlementClient(options);

        var visit = await OpenVisitWithFeesAsync(client, "E9", person: 9);
        var settled = await client.SettleAsync(new SettleRequest("E9-S", Hospital, visit, false, Day));
        var again = await client.SettleAsync(new SettleRequest("E9-S", Hospital, visit, false, Day));

        Assert.Equal(SettlementStatus.Ok, settled.Status);
        Assert.True(client.TryGetAnsweringEndpoint(settled, out var answered));
        Assert.Equal(live, answered);
        Assert.Equal(live, client.CurrentEndpoint);
        Assert.Equal(settled.SettlementId, again.SettlementId); // The same msgId is the same settlement.
    }

    [Fact]
    public async Task Settle_SameMsgIdAgain_EngineAnswersFromItsLogWithTheSameSettlement()
    {
        await using var client = new SettlementClient(Options());
        var visit = await OpenVisitWithFeesAsync(client, "E2", person: 2);

        var first = await client.SettleAsync(new SettleRequest("E2-S", Hospital, visit, false, Day));
        var again = await client.SettleAsync(new SettleRequest("E2-S", Hospital, visit, false, Day));

        Assert.Equal(SettlementStatus.Ok, first.Status);
        Assert.Equal(first.SettlementId, again.SettlementId);
        Assert.Equal(first.Settlement, again.Settlement);
    }

    [Fact]
    public async Task Reverse_WithTheDerivedMsgId_UndoesTheSettlementAndKillsTheOriginalMsgId()
    {
        await using var client = new SettlementClient(Options());
        var visit = await OpenVisitWithFeesAsync(client, "E3", person: 3);
        var settled = await client.SettleAsync(new SettleRequest("E3-S", Hospital, visit, false, Day));

        // What the client sends by itself when a settle's outcome stays unknown.
        var reversed = await client.ReverseAsync(
            new ReverseRequest(ReversalMsgIds.Derive("E3-S"), Hospital, "E3-S", "settle", Day));
        var late = await client.SettleAsync(new SettleRequest("E3-S", Hospital, visit, false, Day));
        var cancel = await client.CancelSettlementAsync(
            new CancelSettlementRequest("E3-C", Hospital, settled.SettlementId!, Day));

        Assert.Equal(SettlementStatus.Ok, reversed.Status);
        Assert.Equal(SettlementStatus.ReversedMsgId, late.Status);
        Assert.Equal(SettlementStatus.AlreadyCancelled, cancel.Status);
    }

    [Fact]
    public async Task Reconcile_AfterASettlement_TheAdminSeesTheSameFigures()
    {
        await using var client = new SettlementClient(Options());
        var visit = await OpenVisitWithFeesAsync(client, "E4", person: 4);
        var settled = await client.SettleAsync(new SettleRequest("E4-S", Hospital, visit, false, Day.AddDays(1)));
        await using var admin = new AdminClient(new AdminClientOptions
        {
            Host = silo.Endpoint.Address.ToString(),
            Port = silo.Endpoint.Port,
            Secret = EngineSilo.AdminSecret,
        });
        var figures = new ReconcileRequest(Hospital, DateOnly.FromDateTime(Day.AddDays(1)), 1,
            settled.Settlement!.MedfeeSumamt, settled.Settlement.FundPaySumamt, settled.Settlement.AcctPay);

        var own = await client.ReconcileAsync(figures);
        var any = await admin.ReconcileAnyAsync(figures);
        var clearing = await admin.ClearingAsync(2025, 6);

        Assert.True(own.Reconciliation?.Balanced);
        Assert.Equal(own.Reconciliation, any.Reconciliation);
        Assert.NotEmpty(clearing);
    }

    [Fact]
    public async Task Connection_PipelinedPingsAndEchoes_AllAnswered()
    {
        await using var connection = await EngineConnection.ConnectAsync(ConnectionOptions());

        var pings = Enumerable.Range(0, 1_000).Select(i => connection.PingAsync(SyntheticReference.PsnNo(i % 50), i));
        var echoes = Enumerable.Range(0, 1_000).Select(i => connection.EchoAsync(BitConverter.GetBytes(i)));

        Assert.Equal(Enumerable.Range(0, 1_000), await Task.WhenAll(pings));
        Assert.All(await Task.WhenAll(echoes), bytes => Assert.Equal(4, bytes));
        Assert.Equal(ProtocolLimits.InFlightPerConnectionMax, connection.InFlightMax);
    }

    [Fact]
    public async Task Connection_IdleLongerThanTheIdleTimeout_HeartbeatsKeepItOpen()
    {
        await using var connection = await EngineConnection.ConnectAsync(ConnectionOptions());

        await Task.Delay(connection.IdleTimeoutMs * 2);

        Assert.False(connection.IsClosed);
        Assert.Equal(42, await connection.PingAsync("P00000001", 42));
    }

    [Fact]
    public async Task Connection_WrongSecret_AuthenticationException()
    {
        var options = ConnectionOptions();
        options.Secret = InstitutionSecrets.Derive("another-master-key", Hospital);

        await Assert.ThrowsAsync<AuthenticationException>(() => EngineConnection.ConnectAsync(options));
    }

    [Fact]
    public async Task MultiInstitution_InstitutionlessRequest_EngineAnswersUnknownVisit()
    {
        await using var api = new MultiInstitutionSettlementApi(silo.Endpoint.Address.ToString(), silo.Endpoint.Port,
            institution => InstitutionSecrets.Derive(EngineSilo.AdminSecret, institution),
            fallbackInstitution: Hospital);

        var reply = await api.SettleAsync(new SettleRequest("E5-S", "", "?unknown:v1", false, Day));

        Assert.Equal(SettlementStatus.UnknownVisit, reply.Status);
    }

    private static async Task<string> OpenVisitWithFeesAsync(SettlementClient client, string prefix, int person)
    {
        var registered = await client.RegisterAsync(Register(prefix + "-R", person));
        Assert.Equal(SettlementStatus.Ok, registered.Status);
        var uploaded = await client.UploadFeesAsync(new UploadFeesRequest(prefix + "-U", Hospital, registered.VisitId!,
            "B1", Day, SyntheticReference.Lines));
        Assert.Equal(SettlementStatus.Ok, uploaded.Status);
        return registered.VisitId!;
    }

    private static RegisterRequest Register(string msgId, int person) =>
        new(msgId, Hospital, SyntheticReference.PsnNo(person), MedType.General, null, false, Day);

    private SettlementClientOptions Options() => new()
    {
        Host = silo.Endpoint.Address.ToString(),
        Port = silo.Endpoint.Port,
        Institution = Hospital,
        TerminalId = "e2e",
        Secret = InstitutionSecrets.Derive(EngineSilo.AdminSecret, Hospital),
    };

    private EngineConnectionOptions ConnectionOptions() => new()
    {
        Host = silo.Endpoint.Address.ToString(),
        Port = silo.Endpoint.Port,
        Institution = Hospital,
        TerminalId = "e2e",
        Secret = InstitutionSecrets.Derive(EngineSilo.AdminSecret, Hospital),
    };
}
