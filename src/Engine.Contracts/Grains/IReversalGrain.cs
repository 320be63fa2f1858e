using Engine.Contracts.Messages;

namespace Engine.Contracts.Grains;

/// <summary>
/// Runs a 2601 by (institution, originalMsgId) for a terminal that may not know the person: finds the holder in
/// the institution-wide msgId registry and asks that person's grain to reverse. A stateless worker.
/// </summary>
[Alias("Engine.Contracts.Grains.IReversalGrain")]
public interface IReversalGrain : IGrainWithIntegerKey
{
    /// <summary>2601; <paramref name="minimumReferenceVersion"/> goes on to the person grain (see <see cref="IPersonGrain"/>).</summary>
    [Alias("ReverseAsync")]
    Task<TransactionReply> ReverseAsync(ReverseRequest request, long minimumReferenceVersion);
}
