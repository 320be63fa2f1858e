using System.Collections.Immutable;

namespace Engine.Scenarios;

/// <summary>What a replay prints (scenario-format.md §4): the scenario's name, then one result per step in order.
/// </summary>
public sealed record ResultsDocument(string Name, ImmutableArray<StepResult> Results);
