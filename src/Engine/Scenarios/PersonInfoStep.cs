namespace Engine.Scenarios;

/// <summary>1101 <c>personInfo</c>: a person's account balance and the year's accumulators.</summary>
/// <param name="Year">0 when missing.</param>
public sealed record PersonInfoStep(int Index, string Institution, string PsnNo, int Year) : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.PersonInfo;
}
