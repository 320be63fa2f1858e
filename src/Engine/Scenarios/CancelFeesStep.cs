namespace Engine.Scenarios;

/// <summary>2205 <c>cancelFees</c>: removes one unsettled batch, or all with <c>"0000"</c>.</summary>
/// <param name="Visit">A visit label; "" when missing.</param>
public sealed record CancelFeesStep(int Index, string Visit, string MsgId, string Batch, DateTime At)
    : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.CancelFees;
}
