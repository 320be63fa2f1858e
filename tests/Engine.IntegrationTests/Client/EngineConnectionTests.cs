using System.Security.Authentication;
using Engine.Client;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;

namespace Engine.IntegrationTests.Client;

public sealed class EngineConnectionTests
{
    private const string Institution = "H44010600001";

    [Fact]
    public async Task ConnectAsync_RightSecret_SignsInWithTheServersLimits()
    {
        await using var server = new FakeEngineServer(
            inFlightMax: 7, heartbeatIntervalMs: 9_000, idleTimeoutMs: 30_000);
        await using var connection = await EngineConnection.ConnectAsync(Options(server));

        Assert.Equal(7, connection.InFlightMax);
        Assert.Equal(9_000, connection.HeartbeatIntervalMs);
        Assert.Equal(30_000, connection.IdleTimeoutMs);
        Assert.Equal(Institution, connection.Institution);
        Assert.False(connection.IsClosed);
        Assert.Equal(1, server.SignedInCount);
    }

    [Fact]
    public async Task ConnectAsync_WrongSecret_ThrowsAuthenticationException()
    {
        await using var server = new FakeEngineServer();
        var options = Options(server);
        options.Secret = "wrong";

        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => EngineConnection.ConnectAsync(options));

        Assert.IsType<ServerErrorException>(failure.InnerException);
        Assert.Equal(0, server.SignedInCount);
    }

    [Fact]
    public async Task ConnectAsync_ServerThatDoesNotKnowTheSecret_ThrowsAuthenticationException()
    {
        await using var server = new FakeEngineServer { ProvesWithWrongSecret = true };

        var failure = await Assert.ThrowsAsync<AuthenticationException>(
            () => EngineConnection.ConnectAsync(Options(server)));

        Assert.Contains("failed to prove", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsSocketException()
    {
        var port = FreePort();
        var options = new EngineConnectionOptions
        {
            Port = port, Institution = Institution, Secret = FakeEngineServer.SecretOf(Institution),
        };

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => EngineConnection.ConnectAsync(options));
    }

    [Fact]
    public async Task EchoAsync_ManyPipelined_EveryPayloadComesBackUnchanged()
    {
        await using var server = new FakeEngineServer(inFlightMax: 64);
        await using var connection = await EngineConnection.ConnectAsync(Options(server));
        var payloads = Enumerable.Range(0, 2_000).Select(i => BitConverter.GetBytes(i * 7919L)).ToArray();

        var echoed = await Task.WhenAll(payloads.Select(payload => connection.EchoAsync(payload)));

        Assert.All(echoed, bytes => Assert.Equal(8, bytes));
        Assert.Equal(2_000, server.ReceivedOf(MessageType.Echo).Count);
        Assert.True(server.InFlightMaxObserved <= 64, $"{server.InFlightMaxObserved} in flight");
    }

    [Fact]
    public async Task SendAsync_RepliesOutOfOrder_EachCallerGetsItsOwnReply()
    {
        await using var server = new FakeEngineServer(inFlightMax: 32);
        // The first request is answered last, the last first.
        server.Handler = request => FakeResponse.Delayed(
            (int)(400 - (request.CorrelationId * 10 % 400)), FakeEngineServer.Answer(request));
        await using var connection = await EngineConnection.ConnectAsync(Options(server));

        var values = Enumerable.Range(1, 30).ToArray();
        var replies = await Task.WhenAll(values.Select(value => connection.PingAsync("P" + value, value)));

        Assert.Equal(values, replies);
    }

    [Fact]
    public async Task SendAsync_InFlightLimit_ServerNeverSeesMoreThanItsMax()
    {
        await using var server = new FakeEngineServer(inFlightMax: 4);
        server.Handler = request => FakeResponse.Delayed(20, FakeEngineServer.Answer(request));
        await using var connection = await EngineConnection.ConnectAsync(Options(server));

        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => connection.PingAsync("P", i)));

        Assert.Equal(Enumerable.Range(0, 40), replies);
        Assert.Equal(4, server.InFlightMaxObserved);
    }

    [Fact]
    public async Task SendAsync_ReplyNeverSent_ThatRequestAloneTimesOut()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => request.Decode(MessageCodec.ReadPing).Value == 1
            ? FakeResponse.None : FakeEngineServer.Answer(request);
        var options = Options(server);
        options.RequestTimeoutMs = 1_000;
        await using var connection = await EngineConnection.ConnectAsync(options);

        var lost = connection.PingAsync("P", 1);
        var answered = await connection.PingAsync("P", 2);

        await Assert.ThrowsAsync<TimeoutException>(() => lost);
        Assert.Equal(2, answered);
        Assert.Equal(3, await connection.PingAsync("P", 3));
        Assert.False(connection.IsClosed);
        Assert.Equal(1, connection.PendingCount); // The lost one keeps its slot: the engine still counts it.
    }

    [Fact]
    public async Task SendAsync_ConnectionDropped_EveryPendingRequestFailsWithConnectionLost()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => request.Decode(MessageCodec.ReadPing).Value == 9
            ? FakeResponse.Drop : FakeResponse.None;
        await using var connection = await EngineConnection.ConnectAsync(Options(server));

        var waiting = Enumerable.Range(0, 5).Select(i => connection.PingAsync("P", i)).ToList();
        await WaitUntilAsync(() => server.ReceivedOf(MessageType.Ping).Count == 5);
        var dropping = connection.PingAsync("P", 9);

        foreach (var request in waiting.Append(dropping))
        {
            var lost = await Assert.ThrowsAsync<ConnectionLostException>(() => request);
            Assert.True(lost.RequestMayHaveBeenSent);
            Assert.IsAssignableFrom<IOException>(lost);
        }
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(connection.IsClosed);
        var after = await Assert.ThrowsAsync<ConnectionLostException>(() => connection.PingAsync("P", 10));
        Assert.False(after.RequestMayHaveBeenSent);
    }

    [Fact]
    public async Task SendAsync_ErrorFrameForOneRequest_FailsEveryRequestAndCloses()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => request.Decode(MessageCodec.ReadPing).Value == 1
            ? FakeResponse.Delayed(
                100, FakeResponse.Error(ProtocolViolationReason.MalformedBody, "request failed: boom"))
            : FakeResponse.None;
        await using var connection = await EngineConnection.ConnectAsync(Options(server));
        var other = connection.PingAsync("P", 2);

        var failed = await Assert.ThrowsAsync<ConnectionLostException>(() => connection.PingAsync("P", 1));

        // docs/protocol.md §9: the engine closes after any Error frame, so everything in flight is unknown.
        var error = Assert.IsType<ServerErrorException>(failed.InnerException);
        Assert.Equal(ProtocolViolationReason.MalformedBody, error.Reason);
        Assert.True((await Assert.ThrowsAsync<ConnectionLostException>(() => other)).RequestMayHaveBeenSent);
        Assert.True(connection.IsClosed);
    }

    [Fact]
    public async Task SendAsync_ReplyToAnIdNotInFlight_IsIgnored()
    {
        await using var server = new FakeEngineServer();
        // Answer every ping twice: the second copy's id is no longer in flight.
        server.Handler = request => request.Type == MessageType.Ping
            ? FakeResponse.Twice(FakeEngineServer.Answer(request)) : FakeEngineServer.Answer(request);
        await using var connection = await EngineConnection.ConnectAsync(Options(server));

        Assert.Equal(1, await connection.PingAsync("P", 1));
        Assert.Equal(2, await connection.PingAsync("P", 2));

        await WaitUntilAsync(() => connection.IgnoredReplyCount == 2);
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task SendAsync_BusinessRequest_TravelsWithoutInstitutionAndDecodesTheReply()
    {
        await using var server = new FakeEngineServer();
        await using var connection = await EngineConnection.ConnectAsync(Options(server));
        var settle = new SettleRequest("M1", Institution, "V1", true, new DateTime(2025, 3, 1, 10, 0, 0));

        var reply = await connection.SendAsync(
            MessageType.Settle, settle, MessageCodec.Write, MessageCodec.ReadTransactionReply);

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        Assert.Equal("S-M1", reply.SettlementId);
        var sent = Assert.Single(server.ReceivedOf(MessageType.Settle));
        Assert.Equal(settle, sent.Decode(MessageCodec.ReadSettleRequest));
    }

    [Fact]
    public async Task SendAsync_BodyOverItsLimit_ThrowsArgumentExceptionAndTheConnectionStaysUsable()
    {
        await using var server = new FakeEngineServer();
        await using var connection = await EngineConnection.ConnectAsync(Options(server));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => connection.PingAsync(new string('x', 300), 1));

        Assert.Equal(5, await connection.PingAsync("P", 5));
        Assert.DoesNotContain(server.ReceivedOf(MessageType.Ping), request => request.Body.Length > 200);
    }

    [Fact]
    public async Task Heartbeat_IdleConnection_SendsHeartbeatsAndStaysOpen()
    {
        await using var server = new FakeEngineServer(heartbeatIntervalMs: 100);
        await using var connection = await EngineConnection.ConnectAsync(Options(server));

        await WaitUntilAsync(() => server.ReceivedOf(MessageType.Heartbeat).Count >= 3);

        Assert.False(connection.IsClosed);
        Assert.Equal(7, await connection.PingAsync("P", 7));
    }

    [Fact]
    public async Task Heartbeat_NeverAnswered_ClosesTheConnection()
    {
        await using var server = new FakeEngineServer(heartbeatIntervalMs: 100) { AnswersHeartbeats = false };
        server.Handler = _ => FakeResponse.None;
        var options = Options(server);
        options.RequestTimeoutMs = 300;
        await using var connection = await EngineConnection.ConnectAsync(options);
        var stuck = connection.PingAsync("P", 1); // Never answered: the engine is stuck.

        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(connection.IsClosed);
        Assert.Contains("heartbeat", connection.CloseCause?.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TimeoutException>(() => stuck);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThatRequestIsCancelled()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => FakeResponse.Delayed(500, FakeEngineServer.Answer(request));
        await using var connection = await EngineConnection.ConnectAsync(Options(server));
        using var cancel = new CancellationTokenSource(50);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.PingAsync("P", 1, cancel.Token));

        Assert.Equal(2, await connection.PingAsync("P", 2));
    }

    [Fact]
    public async Task DisposeAsync_RequestsInFlight_WaitsForTheirReplies()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => FakeResponse.Delayed(200, FakeEngineServer.Answer(request));
        var connection = await EngineConnection.ConnectAsync(Options(server));
        var inFlight = Enumerable.Range(0, 10).Select(i => connection.PingAsync("P", i)).ToArray();

        await connection.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 10), await Task.WhenAll(inFlight));
        Assert.True(connection.IsClosed);
        await Assert.ThrowsAsync<ConnectionLostException>(() => connection.PingAsync("P", 11));
    }

    [Fact]
    public async Task ServerClosesWithErrorFrame_PendingRequestsFailWithTheReason()
    {
        await using var server = new FakeEngineServer();
        server.Handler = _ => FakeResponse.None;
        await using var connection = await EngineConnection.ConnectAsync(Options(server));
        var waiting = connection.PingAsync("P", 1);
        await WaitUntilAsync(() => server.ReceivedOf(MessageType.Ping).Count == 1);

        await server.CloseAllWithErrorAsync(ProtocolViolationReason.IdleTimeout, "idle.");

        var lost = await Assert.ThrowsAsync<ConnectionLostException>(() => waiting);
        Assert.Contains("IDLE_TIMEOUT", lost.Message, StringComparison.Ordinal);
        var error = Assert.IsType<ServerErrorException>(lost.InnerException);
        Assert.Equal(ProtocolViolationReason.IdleTimeout, error.Reason);
    }

    internal static EngineConnectionOptions Options(FakeEngineServer server, string institution = Institution) => new()
    {
        Port = server.Port,
        Institution = institution,
        TerminalId = "T1",
        Secret = FakeEngineServer.SecretOf(institution),
    };

    internal static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException("The condition never held.");
            await Task.Delay(10);
        }
    }

    internal static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
