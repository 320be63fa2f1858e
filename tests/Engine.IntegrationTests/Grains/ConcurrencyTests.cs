using System.Collections.Concurrent;
using Engine.Contracts;
using Engine.Contracts.Messages;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: concurrent settlements never lose or double-count money. After many concurrent settles, every
/// person's accumulators and balance equal the sums of the settlements committed for them, no cap is exceeded,
/// and the institution's reconciliation equals the sum of all of them, to the fen.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrencyTests(PostgresServer postgres)
{
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Settle_64ConcurrentVisitsOfOnePerson_AccumulatorsEqualCommittedSettlements(bool onPostgres)
    {
        await using var cluster = await StartAsync(onPostgres);
        await cluster.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 1));
        var visits = new List<string>();
        for (var i = 0; i < 64; i++)
        {
            visits.Add(await PrepareVisitAsync(cluster.Api, SyntheticReference.PsnNo(0), i));
        }

        var replies = await Task.WhenAll(visits.Select((visit, i) => cluster.Api.SettleAsync(
            new SettleRequest($"S{i:D4}", SyntheticReference.Institution, visit, UseAccount: true, Day))));

        Assert.All(replies, reply => Assert.True(reply.IsOk, reply.Status.ToString()));
        await AssertPersonMatchesAsync(cluster.Api, SyntheticReference.PsnNo(0), replies);
        await AssertReconciliationMatchesAsync(cluster.Api, replies);
        Assert.Equal(SyntheticReference.AnnualCap, Sum(replies, f => f.HifpPay)); // 64 × 400 yuan hits the cap.
    }

    [Theory]
    [InlineData(false, 10_000)]
    [InlineData(true, 10_000)]
    public async Task Settle_ManyPersonsConcurrently_EveryPersonAndTheLedgerBalance(bool onPostgres, int personCount)
    {
        await using var cluster = await StartAsync(onPostgres);
        await cluster.Api.LoadReferenceAsync(SyntheticReference.Build(personCount));
        var replies = new ConcurrentDictionary<int, TransactionReply>();

        await Parallel.ForEachAsync(Enumerable.Range(0, personCount), new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (i, cancellationToken) =>
            {
                var visit = await PrepareVisitAsync(cluster.Api, SyntheticReference.PsnNo(i), i);
                replies[i] = await cluster.Api.SettleAsync(
                    new SettleRequest($"S{i:D8}", SyntheticReference.Institution, visit, UseAccount: true, Day), cancellationToken);
            });

        Assert.Equal(personCount, replies.Count);
        Assert.All(replies.Values, reply => Assert.True(reply.IsOk, reply.Status.ToString()));
        foreach (var i in Enumerable.Range(0, personCount).Where(i => i % 97 == 0))
        {
            await AssertPersonMatchesAsync(cluster.Api, SyntheticReference.PsnNo(i), [replies[i]]);
        }
        await AssertReconciliationMatchesAsync(cluster.Api, [.. replies.Values]);
    }

    private async Task<EngineTestCluster> StartAsync(bool onPostgres) =>
        await EngineTestCluster.StartAsync(onPostgres ? await postgres.CreateDatabaseAsync() : null);

    private static async Task<string> PrepareVisitAsync(Engine.Grains.GrainSettlementApi api, string psnNo, int i)
    {
        var registered = await api.RegisterAsync(new RegisterRequest(
            $"R{i:D8}", SyntheticReference.Institution, psnNo, Engine.Contracts.Domain.MedType.General, null, false, Day));
        Assert.True(registered.IsOk, registered.Status.ToString());
        var uploaded = await api.UploadFeesAsync(new UploadFeesRequest(
            $"U{i:D8}", SyntheticReference.Institution, registered.VisitId!, "B1", Day, SyntheticReference.Lines));
        Assert.True(uploaded.IsOk, uploaded.Status.ToString());
        return registered.VisitId!;
    }

    private static async Task AssertPersonMatchesAsync(
        Engine.Grains.GrainSettlementApi api, string psnNo, IReadOnlyList<TransactionReply> settlements)
    {
        var info = await api.PersonInfoAsync(new PersonInfoRequest(SyntheticReference.Institution, psnNo, Day.Year));
        var bucket = Assert.Single(info.Person!.Accumulators);
        Assert.Equal(Sum(settlements, f => f.ActPayDedc), bucket.DeductibleUsed);
        Assert.Equal(Sum(settlements, f => f.HifpPay), bucket.FundPaid);
        Assert.True(bucket.FundPaid <= SyntheticReference.AnnualCap);
        Assert.Equal(SyntheticReference.StartingBalance - Sum(settlements, f => f.AcctPay), info.Person.AccountBalance);
    }

    private static async Task AssertReconciliationMatchesAsync(
        Engine.Grains.GrainSettlementApi api, TransactionReply[] settlements)
    {
        var request = new ReconcileRequest(SyntheticReference.Institution, DateOnly.FromDateTime(Day), settlements.Length,
            Sum(settlements, f => f.MedfeeSumamt), Sum(settlements, f => f.FundPaySumamt), Sum(settlements, f => f.AcctPay));
        var reply = await api.ReconcileAsync(request);
        Assert.True(reply.Reconciliation!.Balanced, $"{reply.Reconciliation} vs {request}");
    }

    private static Money Sum(IEnumerable<TransactionReply> replies, Func<SettlementFigures, Money> figure) =>
        replies.Aggregate(Money.Zero, (sum, reply) => sum + figure(reply.Settlement!));
}
