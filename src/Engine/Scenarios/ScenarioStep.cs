namespace Engine.Scenarios;

/// <summary>
/// One terminal transaction of a scenario (scenario-format.md §3). Steps hold labels, not ids: the replayer maps
/// labels to the ids the engine returned. A member the file leaves out or sets to null holds its "missing" value
/// ("" for text, zero, default time, <c>MedType.None</c>), which the engine rejects as <c>INVALID_REQUEST</c>.
/// </summary>
/// <param name="Index">The step's index in <c>steps</c>, from 0.</param>
public abstract record ScenarioStep(int Index)
{
    /// <summary>The op text, one of <see cref="ScenarioOps"/>.</summary>
    public abstract string Op { get; }
}
