using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Messaging;
using Orleans.Concurrency;

namespace Engine.Grains;

/// <summary>Runs 2601s (see <see cref="IReversalGrain"/>): registry first, then the holder's person grain.</summary>
[StatelessWorker]
public sealed class ReversalGrain(IMessageRegistry registry, LedgerOptions options, TimeProvider clock)
    : Grain, IReversalGrain
{
    /// <inheritdoc />
    public async Task<TransactionReply> ReverseAsync(ReverseRequest request) =>
        await ReversalCoordinator.ReverseAsync(
            request,
            registry,
            async (psnNo, original) => await GrainFactory.GetGrain<IPersonGrain>(psnNo)
                .ReverseOriginalAsync(original.Institution, original.MsgId, request.At),
            clock.GetUtcNow().UtcDateTime,
            options.IdLengthMax);
}
