namespace Engine.Scenarios;

/// <summary>2208 <c>cancelSettlement</c> of the settlement labelled <paramref name="Settlement"/>.</summary>
/// <param name="Settlement">A settlement label; "" when missing.</param>
public sealed record CancelSettlementStep(int Index, string Settlement, string MsgId, DateTime At) : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.CancelSettlement;
}
