using System.Diagnostics;
using Engine.Client;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;

namespace Engine.IntegrationTests.Client;

/// <summary>
/// <see cref="SettlementClient"/> with several gateways (<see cref="SettlementClientOptions.Endpoints"/>) on real
/// loopback sockets: failover, the return home, and the same-msgId discipline across gateways.
/// </summary>
public sealed class SettlementClientFailoverTests
{
    private const string Institution = "H44010600001";
    private static readonly DateTime At = new(2025, 3, 1, 10, 30, 0);

    [Fact]
    public async Task SettleAsync_HomeEndpointRefuses_SettlesOnTheNextEndpoint()
    {
        var refused = Endpoint(EngineConnectionTests.FreePort());
        await using var second = new FakeEngineServer();
        await using var client = new SettlementClient(Options(refused, Endpoint(second.Port)));

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.Equal("S-M1", reply.SettlementId);
        Assert.True(client.TryGetAnsweringEndpoint(reply, out var answered));
        Assert.Equal(Endpoint(second.Port), answered);
        Assert.Equal(Endpoint(second.Port), client.CurrentEndpoint);
        Assert.Single(second.ReceivedOf(MessageType.Settle));
    }

    [Fact]
    public async Task SettleAsync_ConnectionDroppedAfterSending_RetransmitsTheSameMsgIdOnTheOtherEndpoint()
    {
        await using var first = new FakeEngineServer();
        first.Handler = request => request.Type == MessageType.Settle ? FakeResponse.Drop
            : FakeEngineServer.Answer(request);
        await using var second = new FakeEngineServer();
        await using var client = new SettlementClient(Options(Endpoint(first.Port), Endpoint(second.Port)));

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.Equal("S-M1", reply.SettlementId);
        Assert.True(client.TryGetAnsweringEndpoint(reply, out var answered));
        Assert.Equal(second.Port, answered.Port);
        var sent = first.ReceivedOf(MessageType.Settle).Concat(second.ReceivedOf(MessageType.Settle)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, attempt => Assert.Equal(Settle("M1"), attempt.Decode(MessageCodec.ReadSettleRequest)));
        Assert.Empty(first.ReceivedOf(MessageType.Reverse));
        Assert.Empty(second.ReceivedOf(MessageType.Reverse));
    }

    [Fact]
    public async Task SettleAsync_ReplyLostOnEveryEndpoint_SameMsgIdEverywhereThenOne2601()
    {
        await using var first = new FakeEngineServer();
        await using var second = new FakeEngineServer();
        first.Handler = second.Handler = request => request.Type == MessageType.Settle ? FakeResponse.Drop
            : FakeEngineServer.Answer(request);
        var options = Options(Endpoint(first.Port), Endpoint(second.Port));
        options.RetransmissionsMax = 3;
        await using var client = new SettlementClient(options);

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.True(UnknownOutcome.TryGet(reply, out var outcome));
        Assert.True(outcome.IsReversed);
        Assert.Equal(4, outcome.Attempts);
        var settles = first.ReceivedOf(MessageType.Settle).Concat(second.ReceivedOf(MessageType.Settle)).ToList();
        Assert.Equal(4, settles.Count);
        Assert.All(settles, attempt => Assert.Equal(Settle("M1"), attempt.Decode(MessageCodec.ReadSettleRequest)));
        Assert.NotEmpty(first.ReceivedOf(MessageType.Settle));
        Assert.NotEmpty(second.ReceivedOf(MessageType.Settle)); // The retransmissions crossed gateways.
        var reversals = first.ReceivedOf(MessageType.Reverse).Concat(second.ReceivedOf(MessageType.Reverse)).ToList();
        var reversal = Assert.Single(reversals).Decode(MessageCodec.ReadReverseRequest);
        Assert.Equal(ReversalMsgIds.Derive("M1"), reversal.MsgId);
        Assert.Equal("M1", reversal.OriginalMsgId);
    }

    [Fact]
    public async Task SettleAsync_ConnectionLostWhileIdle_NextRequestGoesToTheNextEndpoint()
    {
        await using var first = new FakeEngineServer();
        await using var second = new FakeEngineServer();
        var options = Options(Endpoint(first.Port), Endpoint(second.Port));
        options.HomeRetryMs = 0;
        await using var client = new SettlementClient(options);
        Assert.True((await client.SettleAsync(Settle("M1"))).IsOk);

        first.DropAll();
        await Task.Delay(200); // The client's reader sees the loss; no request is in flight.
        var reply = await client.SettleAsync(Settle("M2"));

        Assert.True(client.TryGetAnsweringEndpoint(reply, out var answered));
        Assert.Equal(second.Port, answered.Port);
        Assert.Equal(Settle("M2"), Assert.Single(second.ReceivedOf(MessageType.Settle))
            .Decode(MessageCodec.ReadSettleRequest));
    }

    [Fact]
    public async Task SettleAsync_SeveralConnectionsLostToOneGateway_MoveTheClientOnceNotOnceEach()
    {
        await using var first = new FakeEngineServer();
        await using var second = new FakeEngineServer();
        await using var third = new FakeEngineServer();
        var options = Options(Endpoint(first.Port), Endpoint(second.Port), Endpoint(third.Port));
        options.ConnectionCount = 3;
        options.HomeRetryMs = 0;
        await using var client = new SettlementClient(options);
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.SettleAsync(Settle("A" + i))));
        Assert.Equal(3, first.SignedInCount);

        first.DropAll();
        await Task.Delay(200);
        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.SettleAsync(Settle("B" + i))));

        Assert.All(replies, reply => Assert.True(reply.IsOk));
        Assert.Equal(30, second.ReceivedOf(MessageType.Settle).Count);
        Assert.Equal(0, third.SignedInCount);
    }

    [Fact]
    public async Task SettleAsync_HomeBackAfterHomeRetry_GoesHomeAgain()
    {
        var homePort = EngineConnectionTests.FreePort();
        await using var second = new FakeEngineServer();
        var options = Options(Endpoint(homePort), Endpoint(second.Port));
        options.HomeRetryMs = 300;
        await using var client = new SettlementClient(options);
        var away = await client.SettleAsync(Settle("M1"));
        Assert.True(client.TryGetAnsweringEndpoint(away, out var awayEndpoint));
        Assert.Equal(second.Port, awayEndpoint.Port);

        await using var home = new FakeEngineServer(port: homePort); // The home silo restarts.
        await Task.Delay(400);
        var back = await client.SettleAsync(Settle("M2"));

        Assert.True(client.TryGetAnsweringEndpoint(back, out var backEndpoint));
        Assert.Equal(homePort, backEndpoint.Port);
        Assert.Single(home.ReceivedOf(MessageType.Settle));
        Assert.Single(second.ReceivedOf(MessageType.Settle));
    }

    [Fact]
    public async Task SettleAsync_EveryEndpointDown_ThrowsEngineUnreachableAfterBoundedAttempts()
    {
        var options = Options(
            Endpoint(EngineConnectionTests.FreePort()), Endpoint(EngineConnectionTests.FreePort()));
        options.RetransmissionsMax = 2;
        await using var client = new SettlementClient(options);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<EngineUnreachableException>(() => client.SettleAsync(Settle("M1")));

        Assert.Equal(2, exception.Failures.Count); // The last round tried each endpoint once.
        Assert.All(exception.Failures, failure => Assert.IsType<System.Net.Sockets.SocketException>(failure));
        Assert.Contains("nothing was sent", exception.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Validate_UnworkableEndpoints_ThrowNamingTheOption()
    {
        AssertRejected(o => o.Endpoints = null!, nameof(SettlementClientOptions.Endpoints));
        AssertRejected(o => o.Endpoints = [.. Enumerable.Range(1, SettlementClientOptions.EndpointsMax + 1)
            .Select(Endpoint)], nameof(SettlementClientOptions.Endpoints));
        AssertRejected(o => o.Endpoints = [Endpoint(7400), Endpoint(7400)], nameof(SettlementClientOptions.Endpoints));
        AssertRejected(o => o.Endpoints = [Endpoint(7400), null!], nameof(SettlementClientOptions.Endpoints));
        AssertRejected(o => o.Endpoints = [Endpoint(0)], nameof(SettlementClientOptions.Port));
        AssertRejected(o => o.Endpoints = [new GatewayEndpoint(" ", 7400)], nameof(SettlementClientOptions.Host));
        AssertRejected(o => o.HomeEndpointIndex = 1, nameof(SettlementClientOptions.HomeEndpointIndex));
        AssertRejected(o => o.HomeEndpointIndex = -1, nameof(SettlementClientOptions.HomeEndpointIndex));
        AssertRejected(o => o.HomeRetryMs = -1, nameof(SettlementClientOptions.HomeRetryMs));
        AssertRejected(o => o.HomeRetryMs = SettlementClientOptions.HomeRetryMsMax + 1,
            nameof(SettlementClientOptions.HomeRetryMs));
    }

    [Fact]
    public void Validate_HomeIndexWithinEndpoints_Accepted()
    {
        var options = Options(Endpoint(7401), Endpoint(7402));
        options.HomeEndpointIndex = 1;
        options.HomeRetryMs = 0;

        options.Validate();
    }

    private static void AssertRejected(Action<SettlementClientOptions> spoil, string parameter)
    {
        var options = Options(Endpoint(7401));
        spoil(options);
        var exception = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(parameter, exception.ParamName);
    }

    private static GatewayEndpoint Endpoint(int port) => new("127.0.0.1", port);

    private static SettleRequest Settle(string msgId) => new(msgId, Institution, "V1", true, At);

    private static SettlementClientOptions Options(params GatewayEndpoint[] endpoints) => new()
    {
        Endpoints = endpoints,
        Institution = Institution,
        TerminalId = "T1",
        Secret = FakeEngineServer.SecretOf(Institution),
        RequestTimeoutMs = 2_000,
        ConnectTimeoutMs = 2_000,
        RetransmissionDelayMs = 10,
    };
}
