using Engine.Contracts.Domain;

namespace Engine.Reference;

/// <summary>A cross-region filing (备案) valid on <c>[From, To]</c> inclusive; <paramref name="To"/> null = open.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Reference.Filing")]
public sealed record Filing(FilingType Type, string Destination, DateOnly From, DateOnly? To)
{
    /// <summary>Is the filing's window open on <paramref name="date"/>.</summary>
    public bool IsValidOn(DateOnly date) => From <= date && (To is null || date <= To);
}
