namespace Engine.Scenarios;

/// <summary>2202 <c>cancelRegistration</c> of the visit labelled <paramref name="Visit"/>.</summary>
/// <param name="Visit">A visit label; "" when missing.</param>
public sealed record CancelRegistrationStep(int Index, string Visit, string MsgId, DateTime At) : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.CancelRegistration;
}
