namespace Engine.LoadTests.Diagnostics;

/// <summary>
/// Turns the runtime's GC events, in the order a process emits them, into <see cref="GcPause"/>s. Fed with plain values
/// so that it does not depend on the trace reader (and can be tested without one). Times are in milliseconds on one
/// clock; events of a collection that started before the trace did are ignored.
/// </summary>
internal sealed class GcPauseRecorder
{
    /// <summary>The root kinds of <c>GCMarkWithType</c> (the runtime's <c>GC_ROOT_KIND</c>) this report names.</summary>
    public const int RootStack = 0;
    public const int RootOlder = 3;

    /// <summary>The runtime's GC type (<c>GCStart</c>'s Type) of a background collection.</summary>
    public const int BackgroundType = 1;

    /// <summary>The reason of a suspension that began no collection of its own: a background collection's final marking.</summary>
    public const string FinalMarking = "background final marking";

    private readonly List<GcPause> pauses = [];
    private readonly List<BackgroundCollection> backgrounds = [];
    // Background collections under way, by the runtime's collection number: each ends with a GCStop of its number,
    // outside any pause.
    private readonly Dictionary<long, (double AtMs, DateTime Utc)> backgroundsRunning = [];
    private readonly Dictionary<int, double> lastMarkAt = [];
    private DateTime suspendUtc;
    private double suspendBeginMs = double.NaN, suspendEndMs, gcStartMs = double.NaN, gcEndMs;
    private int generation = -1;
    private bool background;
    private string reason = "";
    private double markStack, markCards, markOther;
    private long promotedCards, promoted;

    public IReadOnlyList<GcPause> Pauses => pauses;

    /// <summary>The background gen2 collections that both started and ended while the trace ran.</summary>
    public IReadOnlyList<BackgroundCollection> Backgrounds => backgrounds;

    public void SuspendBegin(double atMs, DateTime utc)
    {
        Reset();
        suspendBeginMs = atMs;
        suspendUtc = utc;
    }

    public void SuspendEnd(double atMs) => suspendEndMs = atMs;

    /// <param name="type">The runtime's GC type: <see cref="BackgroundType"/> is a background collection.</param>
    /// <param name="why">The runtime's reason for the collection.</param>
    /// <param name="count">The runtime's number of the collection.</param>
    public void GcStart(double atMs, DateTime utc, int depth, int type, string why, long count)
    {
        if (double.IsNaN(suspendBeginMs)) return;
        if (type == BackgroundType) backgroundsRunning[count] = (atMs, utc);
        // One suspension can hold an ephemeral collection and then the start of a background gen2: it is counted as
        // the oldest generation it collected, its marking and compaction times are the first collection's.
        if (generation < 0)
        {
            gcStartMs = atMs;
            background = type == BackgroundType;
            reason = why;
        }
        generation = Math.Max(generation, depth);
    }

    /// <summary>One kind of root marked on one heap (server GC marks on every heap at once: the slowest counts).</summary>
    public void Mark(double atMs, int heap, int rootKind, long promotedBytes)
    {
        // A background collection marks while the program runs: only marking inside a pause is pause time.
        if (double.IsNaN(gcStartMs) || double.IsNaN(suspendBeginMs)) return;
        var took = atMs - lastMarkAt.GetValueOrDefault(heap, gcStartMs);
        lastMarkAt[heap] = atMs;
        switch (rootKind)
        {
            case RootStack: markStack = Math.Max(markStack, took); break;
            case RootOlder:
                markCards = Math.Max(markCards, took);
                promotedCards += promotedBytes;
                break;
            default: markOther = Math.Max(markOther, took); break;
        }
        promoted += promotedBytes;
    }

    public void GcEnd(double atMs, long count)
    {
        if (backgroundsRunning.Remove(count, out var began))
        {
            // A background collection's end is not the end of the pause it may fall in (a foreground gen0's).
            backgrounds.Add(new BackgroundCollection(began.Utc, atMs - began.AtMs));
            return;
        }
        if (!double.IsNaN(suspendBeginMs)) gcEndMs = atMs;
    }

    public void RestartEnd(double atMs)
    {
        if (double.IsNaN(suspendBeginMs)) return;
        // A suspension without a collection of its own is a background collection's final marking (or, rarely, a
        // suspension for something else): its pause counts, as generation 2, background.
        var collected = generation >= 0;
        var lastMark = lastMarkAt.Count == 0 ? gcStartMs : lastMarkAt.Values.Max();
        pauses.Add(new GcPause(suspendUtc, collected ? generation : 2, !collected || background, atMs - suspendBeginMs,
            Math.Max(0, suspendEndMs - suspendBeginMs), markStack, markCards, markOther,
            collected ? Math.Max(0, gcEndMs - lastMark) : 0, promotedCards, promoted, collected ? reason : FinalMarking));
        Reset();
    }

    private void Reset()
    {
        generation = -1;
        background = false;
        reason = "";
        gcStartMs = double.NaN;
        suspendBeginMs = double.NaN;
        suspendEndMs = gcEndMs = 0;
        markStack = markCards = markOther = 0;
        promotedCards = promoted = 0;
        lastMarkAt.Clear();
    }
}
