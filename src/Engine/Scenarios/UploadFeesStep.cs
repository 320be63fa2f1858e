using System.Collections.Immutable;
using Engine.Contracts.Messages;

namespace Engine.Scenarios;

/// <summary>2204 <c>uploadFees</c>: one batch of fee lines for the visit labelled <paramref name="Visit"/>.</summary>
/// <param name="Visit">A visit label; "" when missing.</param>
/// <param name="Lines">Empty when missing. A line's missing members are 0 or "".</param>
public sealed record UploadFeesStep(
    int Index, string Visit, string MsgId, string Batch, DateTime At, ImmutableArray<FeeLine> Lines)
    : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.UploadFees;
}
