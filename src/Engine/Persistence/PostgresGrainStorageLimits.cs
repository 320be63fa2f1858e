namespace Engine.Persistence;

/// <summary>
/// The bounds of <see cref="PostgresGrainStorage"/>: how many writes share one statement, how many may wait, and how
/// large one state and one statement may be. Checked when the storage is built.
/// </summary>
/// <param name="BatchWritesMax">Writes per statement (one statement = one commit).</param>
/// <param name="QueueWritesMax">Writes waiting for a statement; further writers wait (back-pressure).</param>
/// <param name="PayloadBytesMax">One serialized state; a larger one fails before it is queued.</param>
/// <param name="BatchBytesMax">Payload bytes per statement; a larger batch is split into several statements.</param>
public sealed record PostgresGrainStorageLimits(
    int BatchWritesMax, int QueueWritesMax, int PayloadBytesMax, long BatchBytesMax)
{
    /// <summary>
    /// The engine's limits. 256 writes per statement keep a statement's PostgreSQL time in the low milliseconds at
    /// the person state's usual size (a few KiB), so a write that just missed a batch waits little for the next.
    /// </summary>
    public static PostgresGrainStorageLimits Default { get; } = new(
        BatchWritesMax: 256, QueueWritesMax: 8_192, PayloadBytesMax: 16 * 1024 * 1024, BatchBytesMax: 32 * 1024 * 1024);

    /// <summary>Throws when a limit is out of range or the limits contradict each other.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchWritesMax, 1, nameof(BatchWritesMax));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueWritesMax, BatchWritesMax, nameof(QueueWritesMax));
        ArgumentOutOfRangeException.ThrowIfLessThan(PayloadBytesMax, 1, nameof(PayloadBytesMax));
        // A statement must fit at least one state of the largest size, or that state could never be written.
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchBytesMax, PayloadBytesMax, nameof(BatchBytesMax));
    }
}
