namespace Engine.Scenarios;

/// <summary>2206 <c>preSettle</c>: computes without changing anything.</summary>
/// <param name="Visit">A visit label; "" when missing.</param>
/// <param name="MsgId">Informational: a pre-settlement is not part of the idempotency log, so it is not sent.</param>
/// <param name="UseAccount">False when absent.</param>
public sealed record PreSettleStep(int Index, string Visit, string MsgId, bool UseAccount, DateTime At)
    : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.PreSettle;
}
