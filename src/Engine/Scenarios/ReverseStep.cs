namespace Engine.Scenarios;

/// <summary>2601 <c>reverse</c> (冲正) of what <paramref name="Institution"/> sent as
/// <paramref name="OriginalMsgId"/>.</summary>
/// <param name="OriginalOp">Informational ("settle" or "cancelSettlement"), sent as given; "" when missing.</param>
public sealed record ReverseStep(
    int Index, string MsgId, string Institution, string OriginalMsgId, string OriginalOp, DateTime At)
    : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.Reverse;
}
