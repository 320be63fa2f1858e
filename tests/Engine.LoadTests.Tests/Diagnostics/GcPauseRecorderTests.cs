using Engine.LoadTests.Diagnostics;

namespace Engine.LoadTests.Tests.Diagnostics;

/// <summary>
/// The recorder fed the runtime's GC events in the order a process emits them (times in ms on the trace's clock),
/// as SiloGcTrace does from the EventPipe session: pauses, and background gen2 collections from start to end.
/// </summary>
public sealed class GcPauseRecorderTests
{
    private const int Ephemeral = 0;
    private const int Background = 1;
    private static readonly DateTime Origin = new(2026, 12, 7, 14, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void BackgroundCollection_WithAGen0InsideIt_IsOneSpanFromItsStartToItsOwnStop()
    {
        var recorder = new GcPauseRecorder();
        // The background gen2 starts inside a short pause, then runs while the program does.
        Pause(recorder, at: 1_000, count: 10, depth: 2, type: Background, length: 5);
        // A foreground gen0 while it runs.
        Pause(recorder, at: 1_800, count: 11, depth: 0, type: Ephemeral, length: 4);
        recorder.GcEnd(3_500, count: 10);

        var span = Assert.Single(recorder.Backgrounds);
        Assert.Equal(Origin.AddMilliseconds(1_000.5), span.StartUtc);
        Assert.Equal(2_499.5, span.DurationMs, precision: 6);
        Assert.Collection(recorder.Pauses,
            pause => Assert.True(pause is { Generation: 2, Background: true, PauseMs: 5 }, pause.ToString()),
            pause => Assert.True(pause is { Generation: 0, Background: false, PauseMs: 4 }, pause.ToString()));
    }

    [Fact]
    public void BackgroundCollectionsStop_InsideAGen0sPause_DoesNotEndThatGen0sCollection()
    {
        var recorder = new GcPauseRecorder();
        Pause(recorder, at: 1_000, count: 10, depth: 2, type: Background, length: 5);

        recorder.SuspendBegin(2_000, Origin.AddMilliseconds(2_000));
        recorder.SuspendEnd(2_000.2);
        recorder.GcStart(2_000.3, Origin.AddMilliseconds(2_000.3), depth: 0, type: Ephemeral, why: "AllocSmall", count: 11);
        recorder.Mark(2_001, heap: 0, GcPauseRecorder.RootStack, promotedBytes: 0);
        recorder.Mark(2_002, heap: 0, GcPauseRecorder.RootOlder, promotedBytes: 4_096);
        recorder.GcEnd(2_005, count: 11);
        recorder.GcEnd(2_006.5, count: 10); // the background collection ends before the threads restart
        recorder.RestartEnd(2_008);

        var gen0 = recorder.Pauses[^1];
        Assert.Equal(3, gen0.AfterMarkMs, precision: 6); // 2,002 → 2,005 (its own stop), not → 2,006.5
        Assert.Equal(8, gen0.PauseMs, precision: 6);
        Assert.Equal(1_006, Assert.Single(recorder.Backgrounds).DurationMs, precision: 6);
    }

    [Fact]
    public void BackgroundCollection_StillRunningWhenTheTraceEnds_IsNotListed()
    {
        var recorder = new GcPauseRecorder();
        Pause(recorder, at: 1_000, count: 10, depth: 2, type: Background, length: 5);
        Pause(recorder, at: 1_500, count: 11, depth: 1, type: Ephemeral, length: 6);

        Assert.Empty(recorder.Backgrounds);
        Assert.Equal(2, recorder.Pauses.Count);
    }

    // One suspension holding the start of collection `count`: suspended at `at`, the collection started 0.5 ms later,
    // the threads restarted `length` ms after `at`. An ephemeral collection also stops inside it.
    private static void Pause(GcPauseRecorder recorder, double at, long count, int depth, int type, double length)
    {
        recorder.SuspendBegin(at, Origin.AddMilliseconds(at));
        recorder.SuspendEnd(at + 0.2);
        recorder.GcStart(at + 0.5, Origin.AddMilliseconds(at + 0.5), depth, type, "AllocSmall", count);
        if (type == Ephemeral) recorder.GcEnd(at + length - 0.5, count);
        recorder.RestartEnd(at + length);
    }
}
