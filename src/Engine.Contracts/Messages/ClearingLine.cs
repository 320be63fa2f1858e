namespace Engine.Contracts.Messages;

/// <summary>
/// One line of a monthly clearing statement (清算): the month's settlement and cancellation rows of persons
/// insured in <paramref name="InsuredRegion"/> treated in <paramref name="TreatmentRegion"/>.
/// </summary>
/// <param name="Count">Rows: settlements plus cancellations (each cancellation is one row).</param>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.ClearingLine")]
public sealed record ClearingLine(
    string InsuredRegion,
    string TreatmentRegion,
    int Count,
    Money MedfeeSum,
    Money PooledFundSum,
    Money CivilServantSum,
    Money AccountSum);
