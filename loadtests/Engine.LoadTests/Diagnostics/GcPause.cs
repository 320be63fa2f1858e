namespace Engine.LoadTests.Diagnostics;

/// <summary>
/// One garbage collection of the silo, as its runtime's GC events describe it. The pause runs from the request to
/// suspend the threads to their restart. The collection's own work is split by the mark events: each
/// <c>GCMarkWithType</c> ends one kind of root, so the time since the previous one is what that kind took; "cards" are
/// the older generations' objects written since the last collection (the card table), whose references into the
/// collected generations must be traced; "after marking" is planning, relocating and compacting the survivors.
/// </summary>
/// <param name="StartUtc">When the threads were asked to suspend.</param>
/// <param name="Generation">0, 1 or 2 (the oldest generation collected).</param>
/// <param name="Background">A background (concurrent) gen2 collection: its pause is only its short blocking parts.</param>
/// <param name="Reason">Why the runtime collected (its <c>GCStart</c> reason, e.g. AllocSmall); for a suspension
/// without a collection of its own, <see cref="GcPauseRecorder.FinalMarking"/>.</param>
internal sealed record GcPause(
    DateTime StartUtc,
    int Generation,
    bool Background,
    double PauseMs,
    double SuspendMs,
    double MarkStackMs,
    double MarkCardsMs,
    double MarkOtherRootsMs,
    double AfterMarkMs,
    long PromotedViaCardsBytes,
    long PromotedBytes,
    string Reason);
