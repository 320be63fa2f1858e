namespace Engine.LoadTests.Diagnostics;

/// <summary>What an EventPipe session on the silo saw: every pause, and every background gen2 collection's span.</summary>
internal sealed record SiloGcRecord(IReadOnlyList<GcPause> Pauses, IReadOnlyList<BackgroundCollection> Backgrounds);
