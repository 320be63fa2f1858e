namespace Engine.Scenarios;

/// <summary>2207 <c>settle</c> of a visit; later steps name the settlement by <paramref name="Label"/>.</summary>
/// <param name="Label">Null when the file gives none.</param>
/// <param name="Visit">A visit label; "" when missing.</param>
/// <param name="UseAccount">False when absent.</param>
public sealed record SettleStep(int Index, string? Label, string Visit, string MsgId, bool UseAccount, DateTime At)
    : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.Settle;
}
