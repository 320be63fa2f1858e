namespace Engine.LoadTests.Diagnostics;

/// <summary>
/// One background (concurrent) gen2 collection of the silo, from its start to its end. The silo runs meanwhile, so
/// only the collection's short blocking parts are pauses (<see cref="GcPause"/>); but its marking threads share the
/// cores with the silo's work, and on a small machine near capacity that is where latency rises (the report puts
/// each one beside the latency of the seconds it spanned).
/// </summary>
/// <param name="StartUtc">When the collection started (its <c>GCStart</c>).</param>
/// <param name="DurationMs">From its <c>GCStart</c> to its <c>GCStop</c>.</param>
internal sealed record BackgroundCollection(DateTime StartUtc, double DurationMs);
