namespace Engine.LoadTests.Diagnostics;

/// <summary>
/// One of the runtime's allocation samples (its AllocationTick event): about every 100 KB a thread allocates, the type
/// of the object that crossed the mark and the bytes allocated since the last sample. Summed by type, a statistical
/// profile of what the process allocates.
/// </summary>
internal sealed record AllocationSample(DateTime Utc, string Type, long Bytes);
