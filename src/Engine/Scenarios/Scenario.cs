using System.Collections.Immutable;
using Engine.Reference;

namespace Engine.Scenarios;

/// <summary>A parsed scenario file (scenario-format.md §1): reference data, then steps in file order.</summary>
public sealed record Scenario(string Name, ReferenceData Reference, ImmutableArray<ScenarioStep> Steps);
