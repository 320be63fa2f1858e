using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.IntegrationTests.Infrastructure;
using Orleans.Hosting;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: requests do not queue behind each other in the stateless coordinator grains (2601 reversal, 3201
/// reconciliation). A grain call filter holds each call's slow part for a while; concurrent calls are then all inside
/// the grain at once (a stateless worker that is not reentrant holds one call per worker, one worker per core), and
/// each still gets its own correct answer.
/// </summary>
public sealed class StatelessWorkerConcurrencyTests
{
    private const int Concurrent = 16;
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);
    // Long enough that all the calls arrive while the first is still held, on a busy test machine too.
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Reverse_ConcurrentWhilePersonsAreSlow_AllRunInTheReversalGrainAtOnce()
    {
        // The person's part of a 2601 is held: the reversal grain's turn is spent awaiting it.
        var probe = new ConcurrencyProbe(
            counted: nameof(IReversalGrain.ReverseAsync), held: nameof(IPersonGrain.ReverseOriginalAsync));
        await using var cluster = await StartAsync(probe, persons: Concurrent);
        for (var i = 0; i < Concurrent; i++)
        {
            await SettleAsync(cluster, i);
        }

        var replies = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => cluster.Api.ReverseAsync(
            new ReverseRequest($"X{i}", SyntheticReference.Institution, $"S{i}", "settle", Day))));

        Assert.All(replies, reply => Assert.True(reply.IsOk, reply.Status.ToString()));
        Assert.Equal(Concurrent, probe.MostInsideAtOnce);
        for (var i = 0; i < Concurrent; i++)
        {
            var info = await cluster.Api.PersonInfoAsync(
                new PersonInfoRequest(SyntheticReference.Institution, SyntheticReference.PsnNo(i), Day.Year));
            Assert.Equal(SyntheticReference.StartingBalance, info.Person!.AccountBalance); // The payment is back.
        }
    }

    [Fact]
    public async Task Reconcile_ConcurrentWhileSlow_AllRunInTheLedgerGrainAtOnce()
    {
        // The ledger grain's own turn is held (its store is not a grain, so the filter holds the call itself).
        var probe = new ConcurrencyProbe(
            counted: nameof(ILedgerGrain.ReconcileAsync), held: nameof(ILedgerGrain.ReconcileAsync));
        await using var cluster = await StartAsync(probe, persons: 1);
        var settled = await SettleAsync(cluster, 0);

        // Half of them state the day's figures right, half claim one settlement more.
        var replies = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => cluster.Api.ReconcileAsync(
            new ReconcileRequest(SyntheticReference.Institution, DateOnly.FromDateTime(Day), 1 + i % 2,
                settled.MedfeeSumamt, settled.FundPaySumamt, settled.AcctPay))));

        Assert.Equal(Concurrent, probe.MostInsideAtOnce);
        for (var i = 0; i < Concurrent; i++)
        {
            Assert.Equal(i % 2 == 0, replies[i].Reconciliation!.Balanced);
            Assert.Equal(1, replies[i].Reconciliation!.Count);
        }
    }

    private static async Task<EngineTestCluster> StartAsync(ConcurrencyProbe probe, int persons)
    {
        var cluster = await EngineTestCluster.StartAsync(
            configureSilo: silo => silo.AddIncomingGrainCallFilter(probe.OnCallAsync));
        try
        {
            await cluster.Api.LoadReferenceAsync(SyntheticReference.Build(persons));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static async Task<SettlementFigures> SettleAsync(EngineTestCluster cluster, int i)
    {
        var registered = await cluster.Api.RegisterAsync(new RegisterRequest(
            $"R{i}", SyntheticReference.Institution, SyntheticReference.PsnNo(i), MedType.General, null, false, Day));
        await cluster.Api.UploadFeesAsync(new UploadFeesRequest(
            $"U{i}", SyntheticReference.Institution, registered.VisitId!, "B1", Day, SyntheticReference.Lines));
        var settled = await cluster.Api.SettleAsync(
            new SettleRequest($"S{i}", SyntheticReference.Institution, registered.VisitId!, UseAccount: true, Day));
        Assert.True(settled.IsOk, settled.Status.ToString());
        return settled.Settlement!;
    }

    /// <summary>Counts the calls inside one grain method at once; holds the calls of another (or the same).</summary>
    private sealed class ConcurrencyProbe(string counted, string held)
    {
        private int inside;
        private int mostInsideAtOnce;

        public int MostInsideAtOnce => Volatile.Read(ref mostInsideAtOnce);

        public async Task OnCallAsync(IIncomingGrainCallContext context)
        {
            var name = context.InterfaceMethod?.Name;
            var isCounted = name == counted;
            if (isCounted) RecordEntry();
            try
            {
                if (name == held) await Task.Delay(Hold);
                await context.Invoke();
            }
            finally
            {
                if (isCounted) Interlocked.Decrement(ref inside);
            }
        }

        private void RecordEntry()
        {
            var now = Interlocked.Increment(ref inside);
            int most;
            while (now > (most = Volatile.Read(ref mostInsideAtOnce)) &&
                   Interlocked.CompareExchange(ref mostInsideAtOnce, now, most) != most)
            {
            }
        }
    }
}
