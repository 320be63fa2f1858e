namespace Engine.Lifecycle;

/// <summary>One 2208 of a settlement; <paramref name="Reversed"/> when a 2601 undid it.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("Engine.Lifecycle.CancellationRecord")]
public sealed record CancellationRecord(
    [property: Id(0)] string MsgId, [property: Id(1)] DateTime At, [property: Id(2)] bool Reversed);
