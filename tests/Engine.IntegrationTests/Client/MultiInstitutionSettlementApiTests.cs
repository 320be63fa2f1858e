using Engine.Client;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;

namespace Engine.IntegrationTests.Client;

public sealed class MultiInstitutionSettlementApiTests
{
    private const string HospitalA = "H44010600001";
    private const string HospitalB = "H44010600002";
    private static readonly DateTime At = new(2025, 3, 1, 10, 30, 0);

    [Fact]
    public async Task Requests_TwoInstitutions_EachGoesOnItsOwnSignedInConnection()
    {
        await using var server = new FakeEngineServer();
        await using var api = new MultiInstitutionSettlementApi("127.0.0.1", server.Port, FakeEngineServer.SecretOf);

        await api.SettleAsync(new SettleRequest("M1", HospitalA, "V1", false, At));
        await api.SettleAsync(new SettleRequest("M2", HospitalB, "V2", false, At));
        await api.PersonInfoAsync(new PersonInfoRequest(HospitalB, "P1", 2025));
        await api.ReverseAsync(new ReverseRequest("R1", HospitalA, "M0", "settle", At));

        Assert.Equal(2, server.SignedInCount);
        Assert.Equal(
            [HospitalA, HospitalB, HospitalB, HospitalA], server.Received.Select(request => request.Institution));
        Assert.Equal([HospitalA, HospitalB], api.Institutions.Order());
    }

    [Fact]
    public async Task Request_EmptyInstitution_GoesOnTheFirstInstitutionsConnection()
    {
        await using var server = new FakeEngineServer();
        await using var api = new MultiInstitutionSettlementApi("127.0.0.1", server.Port, FakeEngineServer.SecretOf);
        await api.RegisterAsync(new RegisterRequest("M1", HospitalA, "P1", MedType.General, null, false, At));

        var reply = await api.SettleAsync(new SettleRequest("M2", "", "?unknown:v9", false, At));

        Assert.True(reply.IsOk); // The fake engine says ok to anything; the real one answers UNKNOWN_VISIT.
        var settle = Assert.Single(server.ReceivedOf(MessageType.Settle));
        Assert.Equal(HospitalA, settle.Institution);
        Assert.Equal("?unknown:v9", settle.Decode(MessageCodec.ReadSettleRequest).VisitId);
        Assert.Equal(1, server.SignedInCount);
    }

    [Fact]
    public async Task Request_EmptyInstitutionFirst_UsesTheFallbackInstitution()
    {
        await using var server = new FakeEngineServer();
        await using var api = new MultiInstitutionSettlementApi(
            "127.0.0.1", server.Port, FakeEngineServer.SecretOf, fallbackInstitution: HospitalB);

        await api.CancelRegistrationAsync(new CancelRegistrationRequest("M1", "", "?unknown:v1", At));

        Assert.Equal(HospitalB, Assert.Single(server.ReceivedOf(MessageType.CancelRegistration)).Institution);
    }

    [Fact]
    public async Task Request_EmptyInstitutionWithNowhereToGo_ThrowsInvalidOperationException()
    {
        await using var server = new FakeEngineServer();
        await using var api = new MultiInstitutionSettlementApi("127.0.0.1", server.Port, FakeEngineServer.SecretOf);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => api.PreSettleAsync(new PreSettleRequest("", "V1", false, At)));
    }

    [Fact]
    public async Task Configure_AppliesToEveryInstitutionsClient()
    {
        await using var server = new FakeEngineServer();
        server.Handler = request => FakeResponse.Reply(TransactionReply.Rejected(SettlementStatus.OutcomeUnknown));
        await using var api = new MultiInstitutionSettlementApi("127.0.0.1", server.Port, FakeEngineServer.SecretOf,
            options =>
            {
                options.RetransmissionsMax = 0;
                options.ThrowOnUnknownOutcome = true;
            });

        await Assert.ThrowsAsync<UnknownOutcomeException>(
            () => api.RegisterAsync(new RegisterRequest("M1", HospitalA, "P1", MedType.General, null, false, At)));

        Assert.Single(server.ReceivedOf(MessageType.Register));
    }
}
