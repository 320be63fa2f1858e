using Engine.Contracts;
using Engine.Contracts.Domain;

namespace Engine.Settlement;

/// <summary>
/// A fee line split by the treatment-region catalogue (rules.md §4.1). Classified once at upload: the reply to
/// 2204 reports it, and later settlements of the visit sum it.
/// </summary>
/// <param name="Grade">"03" also for a code the catalogue does not cover.</param>
[GenerateSerializer, Immutable, Alias("Engine.Settlement.ClassifiedLine")]
public readonly record struct ClassifiedLine(
    int LineNo, CatalogGrade Grade, Money Amount, Money FullOwnPay, Money OverLimit, Money PreSelfPay, Money InScope);
