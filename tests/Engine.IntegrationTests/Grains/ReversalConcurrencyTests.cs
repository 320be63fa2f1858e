using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.IntegrationTests.Infrastructure;
using Orleans.Hosting;

namespace Engine.IntegrationTests.Grains;

/// <summary>
/// Goal: 2601s do not queue behind each other in the reversal grain. While the person grains are slow to answer
/// (a grain call filter holds each person's part of a 2601 for a while), concurrent 2601s are all inside the
/// reversal grain at once, and each still reverses its own settlement.
/// </summary>
public sealed class ReversalConcurrencyTests
{
    private const int Reversals = 16;
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);

    [Fact]
    public async Task Reverse_ConcurrentWhilePersonsAreSlow_AllRunInTheReversalGrainAtOnce()
    {
        var probe = new ReversalProbe(personHold: TimeSpan.FromMilliseconds(300));
        await using var cluster = await EngineTestCluster.StartAsync(
            configureSilo: silo => silo.AddIncomingGrainCallFilter(probe.OnCallAsync));
        await cluster.Api.LoadReferenceAsync(SyntheticReference.Build(Reversals));
        for (var i = 0; i < Reversals; i++)
        {
            var registered = await cluster.Api.RegisterAsync(new RegisterRequest(
                $"R{i}", SyntheticReference.Institution, SyntheticReference.PsnNo(i), Contracts.Domain.MedType.General, null,
                false, Day));
            await cluster.Api.UploadFeesAsync(new UploadFeesRequest(
                $"U{i}", SyntheticReference.Institution, registered.VisitId!, "B1", Day, SyntheticReference.Lines));
            var settled = await cluster.Api.SettleAsync(
                new SettleRequest($"S{i}", SyntheticReference.Institution, registered.VisitId!, UseAccount: true, Day));
            Assert.True(settled.IsOk, settled.Status.ToString());
        }

        var replies = await Task.WhenAll(Enumerable.Range(0, Reversals).Select(i => cluster.Api.ReverseAsync(
            new ReverseRequest($"X{i}", SyntheticReference.Institution, $"S{i}", "settle", Day))));

        Assert.All(replies, reply => Assert.True(reply.IsOk, reply.Status.ToString()));
        // Without reentrancy a worker holds one 2601 for its whole wait on the person, and a silo has one worker per core.
        Assert.Equal(Reversals, probe.MostInsideAtOnce);
        for (var i = 0; i < Reversals; i++)
        {
            var info = await cluster.Api.PersonInfoAsync(
                new PersonInfoRequest(SyntheticReference.Institution, SyntheticReference.PsnNo(i), Day.Year));
            Assert.Equal(SyntheticReference.StartingBalance, info.Person!.AccountBalance); // The settlement's payment is back.
        }
    }

    /// <summary>Counts 2601s inside the reversal grain, and holds each person grain's part of one.</summary>
    private sealed class ReversalProbe(TimeSpan personHold)
    {
        private int inside;
        private int mostInsideAtOnce;

        public int MostInsideAtOnce => Volatile.Read(ref mostInsideAtOnce);

        public async Task OnCallAsync(IIncomingGrainCallContext context)
        {
            switch (context.InterfaceMethod?.Name)
            {
                case nameof(IReversalGrain.ReverseAsync):
                    var now = Interlocked.Increment(ref inside);
                    int most;
                    while (now > (most = Volatile.Read(ref mostInsideAtOnce)) &&
                           Interlocked.CompareExchange(ref mostInsideAtOnce, now, most) != most)
                    {
                    }
                    try
                    {
                        await context.Invoke();
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inside);
                    }
                    return;
                case nameof(IPersonGrain.ReverseOriginalAsync):
                    await Task.Delay(personHold);
                    await context.Invoke();
                    return;
                default:
                    await context.Invoke();
                    return;
            }
        }
    }
}
