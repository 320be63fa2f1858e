using Engine.Contracts;

namespace Engine.Scenarios;

/// <summary>3201 <c>reconcile</c>: the institution's own figures for a day, compared with the engine's.</summary>
/// <param name="Date">Default (0001-01-01) when missing.</param>
/// <param name="Count">0 when missing.</param>
public sealed record ReconcileStep(
    int Index, string Institution, DateOnly Date, int Count, Money MedfeeSum, Money FundPaySum, Money AcctPaySum)
    : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.Reconcile;
}
