using Engine.Contracts.Domain;

namespace Engine.Scenarios;

/// <summary>2201 <c>register</c>: opens a visit that later steps name by <paramref name="Label"/>.</summary>
/// <param name="Label">Null when the file gives none: the visit can then not be named.</param>
/// <param name="MedType"><see cref="MedType.None"/> when missing.</param>
/// <param name="Disease">Only for medType 14; null when absent.</param>
/// <param name="Emergency">False when absent.</param>
/// <param name="At">Local time, Kind Unspecified; default when missing.</param>
public sealed record RegisterStep(
    int Index,
    string? Label,
    string MsgId,
    string Institution,
    string PsnNo,
    MedType MedType,
    string? Disease,
    bool Emergency,
    DateTime At) : ScenarioStep(Index)
{
    /// <inheritdoc />
    public override string Op => ScenarioOps.Register;
}
