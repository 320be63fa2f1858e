namespace Engine.Lifecycle;

/// <summary>The key of a person's accumulators: calendar year and bucket (rules.md §5).</summary>
[GenerateSerializer, Immutable, Alias("Engine.Lifecycle.YearBucket")]
public readonly record struct YearBucket([property: Id(0)] int Year, [property: Id(1)] string Bucket);
