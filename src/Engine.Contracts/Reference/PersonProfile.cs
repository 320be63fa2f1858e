using System.Collections.Immutable;
using Engine.Contracts.Domain;

namespace Engine.Reference;

/// <summary>
/// What reference data says about an insured person. A reference load may update it at any time; it never
/// carries the engine's own records (balance, accumulators), which live in the person's state.
/// </summary>
[GenerateSerializer, Immutable, Alias("Engine.Reference.PersonProfile")]
public sealed record PersonProfile(
    string PsnNo,
    string Name,
    string InsuredRegion,
    InsuranceType InsuranceType,
    PersonGroup PersonGroup,
    bool CivilServant,
    PersonStatus Status,
    ImmutableArray<Filing> Filings,
    ImmutableArray<ChronicQualification> Chronic);
