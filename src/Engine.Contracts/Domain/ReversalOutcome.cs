namespace Engine.Lifecycle;

/// <summary>What a 2601 did to its original at the person (rules.md §7).</summary>
public enum ReversalOutcome : byte
{
    /// <summary>A committed 2207 was undone, or a 2208 re-applied; the original's msgId is now reversed.</summary>
    Reversed = 0,

    /// <summary>The original was rejected or never seen here: a tombstone now stands for its msgId.</summary>
    Tombstoned = 1,

    /// <summary>The original was reversed before: nothing to do.</summary>
    AlreadyReversed = 2,

    /// <summary>The original committed something that can no longer be undone: nothing changed.</summary>
    NothingToUndo = 3,

    /// <summary>The accepted original is neither a 2207 nor a 2208: INVALID_REQUEST.</summary>
    NotReversible = 4,
}
