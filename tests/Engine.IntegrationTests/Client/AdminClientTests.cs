using System.Collections.Immutable;
using Engine.Client;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.IntegrationTests.Infrastructure;
using Engine.Reference;

namespace Engine.IntegrationTests.Client;

public sealed class AdminClientTests
{
    [Fact]
    public async Task UpsertReferenceAsync_2500Persons_SendsThreeChunksWithTheRestInTheFirst()
    {
        await using var server = new FakeEngineServer();
        var version = 0UL;
        server.Handler = request => request.Type == MessageType.ReferenceUpsert
            ? FakeResponse.Body(
                new ReferenceUpsertReplyBody(Interlocked.Increment(ref version) * 10), MessageCodec.Write)
            : FakeEngineServer.Answer(request);
        await using var admin = new AdminClient(Options(server));
        var data = SyntheticReference.Build(personCount: 2_500);

        var last = await admin.UpsertReferenceAsync(data);

        Assert.Equal(30, last);
        var chunks = server.ReceivedOf(MessageType.ReferenceUpsert)
            .Select(request => request.Decode(MessageCodec.ReadReferenceData)).ToList();
        Assert.Equal([1_000, 1_000, 500], chunks.Select(chunk => chunk.Persons.Length));
        Assert.Equal(data.Regions.ToArray(), chunks[0].Regions.ToArray());
        Assert.Equal(data.Policies.ToArray(), chunks[0].Policies.ToArray());
        Assert.Equal(data.Catalog.ToArray(), chunks[0].Catalog.ToArray());
        Assert.Equal(data.Institutions.ToArray(), chunks[0].Institutions.ToArray());
        Assert.All(chunks.Skip(1), chunk => Assert.True(chunk.Regions.IsEmpty && chunk.Catalog.IsEmpty));
        Assert.Equal(data.Persons.ToArray(), chunks.SelectMany(chunk => chunk.Persons).ToArray());
        Assert.All(server.Received, request => Assert.Equal(Handshake.AdminInstitution, request.Institution));
    }

    [Fact]
    public void Split_LargeCatalogue_CatalogueChunksComeBeforeThePersons()
    {
        var data = SyntheticReference.Build(personCount: 1_500);
        var catalog = Enumerable.Range(0, 12_000)
            .Select(i => new CatalogEntry("360000", $"C{i:D5}", "item", CatalogGrade.A, Ratio.Zero, null));
        data = data with { Catalog = [.. catalog] };

        var chunks = AdminClient.Split(data);

        Assert.Equal([5_000, 5_000, 2_000, 0, 0], chunks.Select(chunk => chunk.Catalog.Length));
        Assert.Equal([0, 0, 0, 1_000, 500], chunks.Select(chunk => chunk.Persons.Length));
        Assert.Equal(data.Regions.ToArray(), chunks[0].Regions.ToArray());
        Assert.All(chunks.Skip(1), chunk => Assert.True(chunk.Regions.IsEmpty && chunk.Institutions.IsEmpty));
    }

    [Fact]
    public void Split_NoPersons_OneChunk()
    {
        var chunks = AdminClient.Split(ReferenceData.Empty);

        Assert.Empty(Assert.Single(chunks).Regions);
    }

    [Fact]
    public async Task ClearingAsync_ReturnsTheLines()
    {
        await using var server = new FakeEngineServer();
        await using var admin = new AdminClient(Options(server));

        var lines = await admin.ClearingAsync(2025, 3);

        Assert.Equal(1_000, Assert.Single(lines).MedfeeSum.Fen);
        Assert.Equal(new ClearingRequestBody(2025, 3),
            Assert.Single(server.ReceivedOf(MessageType.Clearing)).Decode(MessageCodec.ReadClearingRequest));
    }

    [Fact]
    public async Task ReconcileAnyAsync_SendsTheInstitutionOnTheWire()
    {
        await using var server = new FakeEngineServer();
        await using var admin = new AdminClient(Options(server));
        var request = new ReconcileRequest(
            "H1", new DateOnly(2025, 3, 1), 2, Money.FromFen(100), Money.Zero, Money.Zero);

        var reply = await admin.ReconcileAnyAsync(request);

        Assert.True(reply.Reconciliation?.Balanced);
        var sent = Assert.Single(server.ReceivedOf(MessageType.ReconcileAny));
        Assert.Equal(request, sent.Decode(MessageCodec.ReadReconcileAny));
    }

    [Fact]
    public async Task UpsertReferenceAsync_FirstReplyLost_RetransmitsTheChunk()
    {
        await using var server = new FakeEngineServer();
        var upserts = 0;
        server.Handler = request =>
            request.Type == MessageType.ReferenceUpsert && Interlocked.Increment(ref upserts) == 1
            ? FakeResponse.Drop : FakeResponse.Body(new ReferenceUpsertReplyBody(7), MessageCodec.Write);
        await using var admin = new AdminClient(Options(server));

        Assert.Equal(7, await admin.UpsertReferenceAsync(SyntheticReference.Build(personCount: 3)));
        Assert.Equal(2, server.ReceivedOf(MessageType.ReferenceUpsert).Count);
    }

    private static AdminClientOptions Options(FakeEngineServer server) => new()
    {
        Port = server.Port,
        Secret = FakeEngineServer.AdminSecret,
        RetransmissionDelayMs = 10,
    };
}
