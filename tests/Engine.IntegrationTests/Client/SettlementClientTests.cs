using System.Collections.Concurrent;
using Engine.Client;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;

namespace Engine.IntegrationTests.Client;

public sealed class SettlementClientTests
{
    private const string Institution = "H44010600001";
    private static readonly DateTime At = new(2025, 3, 1, 10, 30, 0);

    [Fact]
    public async Task SettleAsync_Answered_ReturnsTheReplyAfterOneAttempt()
    {
        await using var server = new FakeEngineServer();
        await using var client = new SettlementClient(Options(server));

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        Assert.Equal("S-M1", reply.SettlementId);
        Assert.Single(server.ReceivedOf(MessageType.Settle));
    }

    [Fact]
    public async Task SettleAsync_FirstReplyNeverSent_RetransmitsWithTheSameMsgId()
    {
        await using var server = new FakeEngineServer();
        var settles = 0;
        server.Handler = request => request.Type == MessageType.Settle && Interlocked.Increment(ref settles) == 1
            ? FakeResponse.None : FakeEngineServer.Answer(request);
        // The first attempt waits out the whole time-out; the answered second must not: at 1 s it once did, while the
        // suite's silo tests loaded the machine (a third attempt, same msgId).
        await using var client = new SettlementClient(Options(server, requestTimeoutMs: 3_000));

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        var attempts = server.ReceivedOf(MessageType.Settle);
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal(Settle("M1"), attempt.Decode(MessageCodec.ReadSettleRequest)));
        Assert.NotEqual(
            (attempts[0].Connection, attempts[0].CorrelationId), (attempts[1].Connection, attempts[1].CorrelationId));
        Assert.Empty(server.ReceivedOf(MessageType.Reverse));
    }

    [Fact]
    public async Task SettleAsync_ConnectionDroppedOnFirstAttempt_ReconnectsAndRetransmits()
    {
        await using var server = new FakeEngineServer();
        var settles = 0;
        server.Handler = request => request.Type == MessageType.Settle && Interlocked.Increment(ref settles) == 1
            ? FakeResponse.Drop : FakeEngineServer.Answer(request);
        await using var client = new SettlementClient(Options(server));

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.Equal("S-M1", reply.SettlementId);
        var attempts = server.ReceivedOf(MessageType.Settle);
        Assert.Equal([1, 2], attempts.Select(attempt => attempt.Connection));
        Assert.Equal(2, server.SignedInCount);
    }

    [Fact]
    public async Task SettleAsync_OutcomeUnknownEveryTime_RetransmitsThenReversesWithADerivedMsgId()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => request.Type == MessageType.Settle
            ? FakeResponse.Reply(TransactionReply.Rejected(SettlementStatus.OutcomeUnknown, "grain timed out"))
            : FakeEngineServer.Answer(request);
        await using var client = new SettlementClient(Options(server));

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.Equal(SettlementStatus.OutcomeUnknown, reply.Status);
        Assert.True(UnknownOutcome.TryGet(reply, out var outcome));
        Assert.True(outcome.IsReversed);
        Assert.Equal(ReversalState.Reversed, outcome.Reversal);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal(ReversalMsgIds.Derive("M1"), outcome.ReversalMsgId);
        Assert.Contains("reversed by 2601", reply.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.ReceivedOf(MessageType.Settle).Count);
        var reversal = Assert.Single(server.ReceivedOf(MessageType.Reverse)).Decode(MessageCodec.ReadReverseRequest);
        Assert.Equal(new ReverseRequest(ReversalMsgIds.Derive("M1"), Institution, "M1", "settle", At), reversal);
        Assert.Equal(MessageType.Reverse, server.Received.Last().Type); // The 2601 comes after the last 2207.
    }

    [Fact]
    public async Task CancelSettlementAsync_NoReplyAndReversalUnanswered_ReportsReversalUnknown()
    {
        await using var server = new FakeEngineServer();
        server.Handler = _ => FakeResponse.None;
        await using var client = new SettlementClient(Options(server, requestTimeoutMs: 200, retransmissionsMax: 1));
        var cancel = new CancelSettlementRequest("C1", Institution, "S-M1", At);

        var reply = await client.CancelSettlementAsync(cancel);

        Assert.Equal(SettlementStatus.OutcomeUnknown, reply.Status);
        Assert.True(UnknownOutcome.TryGet(reply, out var outcome));
        Assert.Equal(ReversalState.Unknown, outcome.Reversal);
        Assert.False(outcome.IsReversed);
        Assert.IsType<TimeoutException>(outcome.LastFailure);
        Assert.Equal(2, server.ReceivedOf(MessageType.CancelSettlement).Count);
        var reversals = server.ReceivedOf(MessageType.Reverse)
            .Select(request => request.Decode(MessageCodec.ReadReverseRequest)).ToList();
        Assert.Equal(2, reversals.Count); // The 2601 is retransmitted with its own same msgId.
        Assert.All(reversals, r => Assert.Equal(new ReverseRequest(ReversalMsgIds.Derive("C1"), Institution, "C1",
            "cancelSettlement", At), r));
    }

    [Fact]
    public async Task SettleAsync_ReversalRejected_ReportsRejectedWithTheReply()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => request.Type switch
        {
            MessageType.Settle => FakeResponse.Reply(TransactionReply.Rejected(SettlementStatus.OutcomeUnknown)),
            MessageType.Reverse => FakeResponse.Reply(TransactionReply.Rejected(SettlementStatus.InvalidRequest, "no")),
            _ => FakeEngineServer.Answer(request),
        };
        await using var client = new SettlementClient(Options(server));

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.True(UnknownOutcome.TryGet(reply, out var outcome));
        Assert.Equal(ReversalState.Rejected, outcome.Reversal);
        Assert.Equal(SettlementStatus.InvalidRequest, outcome.ReversalReply?.Status);
        Assert.Single(server.ReceivedOf(MessageType.Reverse)); // A definite reply is final: not retried.
    }

    [Fact]
    public async Task SettleAsync_ThrowOnUnknownOutcome_ThrowsUnknownOutcomeExceptionAfterReversing()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => request.Type == MessageType.Settle
            ? FakeResponse.Reply(TransactionReply.Rejected(SettlementStatus.OutcomeUnknown))
            : FakeEngineServer.Answer(request);
        var options = Options(server);
        options.ThrowOnUnknownOutcome = true;
        await using var client = new SettlementClient(options);

        var failure = await Assert.ThrowsAsync<UnknownOutcomeException>(() => client.SettleAsync(Settle("M1")));

        Assert.True(failure.Outcome?.IsReversed);
        Assert.Equal(SettlementStatus.OutcomeUnknown, failure.Reply.Status);
        Assert.Single(server.ReceivedOf(MessageType.Reverse));
    }

    [Fact]
    public async Task RegisterAsync_OutcomeUnknownEveryTime_RetransmitsButNeverReverses()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => request.Type == MessageType.Register
            ? FakeResponse.Reply(TransactionReply.Rejected(SettlementStatus.OutcomeUnknown))
            : FakeEngineServer.Answer(request);
        await using var client = new SettlementClient(Options(server));
        var register = new RegisterRequest("R1", Institution, "P1", MedType.General, null, false, At);

        var reply = await client.RegisterAsync(register);

        Assert.Equal(SettlementStatus.OutcomeUnknown, reply.Status);
        Assert.True(UnknownOutcome.TryGet(reply, out var outcome));
        Assert.Equal(ReversalState.NotApplicable, outcome.Reversal);
        Assert.Null(outcome.LastFailure);
        Assert.Equal(3, server.ReceivedOf(MessageType.Register).Count);
        Assert.All(server.ReceivedOf(MessageType.Register),
            attempt => Assert.Equal(register, attempt.Decode(MessageCodec.ReadRegisterRequest)));
        Assert.Empty(server.ReceivedOf(MessageType.Reverse));
    }

    [Fact]
    public async Task SettleAsync_BusinessRejection_IsFinalAndNotRetried()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => FakeResponse.Reply(TransactionReply.Rejected(SettlementStatus.NoFees));
        await using var client = new SettlementClient(Options(server));

        var reply = await client.SettleAsync(Settle("M1"));

        Assert.Equal(SettlementStatus.NoFees, reply.Status);
        Assert.False(UnknownOutcome.TryGet(reply, out _));
        Assert.Single(server.ReceivedOf(MessageType.Settle));
    }

    [Fact]
    public async Task PreSettleAsync_OutcomeUnknownOnce_IsSimplyRetried()
    {
        await using var server = new FakeEngineServer();
        var preSettles = 0;
        server.Handler = request => request.Type == MessageType.PreSettle && Interlocked.Increment(ref preSettles) == 1
            ? FakeResponse.Reply(TransactionReply.Rejected(SettlementStatus.OutcomeUnknown))
            : FakeEngineServer.Answer(request);
        await using var client = new SettlementClient(Options(server));

        var reply = await client.PreSettleAsync(new PreSettleRequest(Institution, "V1", true, At));

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        Assert.Equal(2, server.ReceivedOf(MessageType.PreSettle).Count);
    }

    [Fact]
    public async Task RegisterAsync_OtherInstitution_ThrowsArgumentExceptionAndSendsNothing()
    {
        await using var server = new FakeEngineServer();
        await using var client = new SettlementClient(Options(server));

        await Assert.ThrowsAsync<ArgumentException>(() => client.RegisterAsync(
            new RegisterRequest("R1", "H99999999999", "P1", MedType.General, null, false, At)));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ReconcileAsync(
            new ReconcileRequest("", new DateOnly(2025, 3, 1), 0, default, default, default)));

        Assert.Equal(0, server.SignedInCount);
    }

    [Fact]
    public async Task SettleAsync_EngineUnreachable_ThrowsAndNothingIsReversed()
    {
        var options = new SettlementClientOptions
        {
            Port = EngineConnectionTests.FreePort(),
            Institution = Institution,
            Secret = FakeEngineServer.SecretOf(Institution),
            RetransmissionDelayMs = 10,
        };
        await using var client = new SettlementClient(options);

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => client.SettleAsync(Settle("M1")));
    }

    [Fact]
    public async Task SettleAsync_WrongSecret_ThrowsAuthenticationExceptionWithoutRetrying()
    {
        await using var server = new FakeEngineServer();
        var options = Options(server);
        options.Secret = "wrong";
        await using var client = new SettlementClient(options);

        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(
            () => client.SettleAsync(Settle("M1")));
    }

    [Fact]
    public async Task Requests_SeveralConnections_AreSpreadRoundRobin()
    {
        await using var server = new FakeEngineServer();
        var options = Options(server);
        options.ConnectionCount = 3;
        await using var client = new SettlementClient(options);

        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.SettleAsync(Settle("M" + i))));

        Assert.All(replies, reply => Assert.True(reply.IsOk));
        Assert.Equal(3, server.SignedInCount);
        Assert.Equal(3, server.ReceivedOf(MessageType.Settle).Select(request => request.Connection).Distinct().Count());
    }

    [Fact]
    public async Task Requests_ManyConcurrent_AllAnsweredWithTheirOwnReplies()
    {
        await using var server = new FakeEngineServer(inFlightMax: 8);
        server.Handler = request => FakeResponse.Delayed(Random.Shared.Next(0, 5), FakeEngineServer.Answer(request));
        await using var client = new SettlementClient(Options(server));
        var seen = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 500), async (i, _) =>
        {
            var reply = await client.SettleAsync(Settle("M" + i), CancellationToken.None);
            Assert.Equal("S-M" + i, reply.SettlementId);
            seen.Add(reply.SettlementId!);
        });

        Assert.Equal(500, seen.Distinct().Count());
        Assert.True(server.InFlightMaxObserved <= 8);
    }

    [Fact]
    public void ReversalMsgIds_Derive_IsDeterministicThirtyCharactersAndDistinct()
    {
        var first = ReversalMsgIds.Derive("M1");

        Assert.Equal(first, ReversalMsgIds.Derive("M1"));
        Assert.Equal(ReversalMsgIds.Length, first.Length);
        Assert.EndsWith("R", first, StringComparison.Ordinal);
        Assert.NotEqual(first, ReversalMsgIds.Derive("M2"));
        Assert.Equal(30, ReversalMsgIds.Derive(new string('x', 30)).Length);
    }

    private static SettleRequest Settle(string msgId) => new(msgId, Institution, "V1", true, At);

    private static SettlementClientOptions Options(
        FakeEngineServer server, int requestTimeoutMs = 5_000, int retransmissionsMax = 2) => new()
    {
        Port = server.Port,
        Institution = Institution,
        TerminalId = "T1",
        Secret = FakeEngineServer.SecretOf(Institution),
        RequestTimeoutMs = requestTimeoutMs,
        RetransmissionsMax = retransmissionsMax,
        RetransmissionDelayMs = 10,
    };
}
