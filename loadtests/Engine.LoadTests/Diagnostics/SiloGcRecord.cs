namespace Engine.LoadTests.Diagnostics;

/// <summary>
/// What an EventPipe session on the silo saw: every pause, every background gen2 collection's span, and the allocation
/// samples when they were asked for (<c>--silo-allocations</c>; empty otherwise).
/// </summary>
internal sealed record SiloGcRecord(IReadOnlyList<GcPause> Pauses, IReadOnlyList<BackgroundCollection> Backgrounds,
    IReadOnlyList<AllocationSample> Allocations);
