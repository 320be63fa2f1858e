namespace Engine.Reference;

/// <summary>A chronic/special-disease qualification valid on <c>[From, To]</c>; <paramref name="To"/> null = open.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Reference.ChronicQualification")]
public sealed record ChronicQualification(string Disease, DateOnly From, DateOnly? To)
{
    /// <summary>Is the qualification valid on <paramref name="date"/>.</summary>
    public bool IsValidOn(DateOnly date) => From <= date && (To is null || date <= To);
}
