using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Messages;

namespace Engine.Reference;

/// <summary>
/// A person as the reference file gives it: the profile, plus the starting balance and year-to-date figures
/// that apply only when the engine does not know the person yet (scenario-format.md, the replay command).
/// </summary>
[GenerateSerializer, Immutable, Alias("Engine.Reference.PersonSeed")]
public sealed record PersonSeed(
    PersonProfile Profile, Money AccountBalance, ImmutableArray<AccumulatorFigures> Accumulators);
