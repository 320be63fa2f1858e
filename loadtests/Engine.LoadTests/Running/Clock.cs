using System.Diagnostics;

namespace Engine.LoadTests.Running;

/// <summary>Monotonic time (Stopwatch ticks) and the business clock the requests carry.</summary>
internal static class Clock
{
    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static long Now => Stopwatch.GetTimestamp();

    public static long Micros(long ticks) => (long)(ticks * MicrosPerTick);

    public static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    public static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    /// <summary>China Standard Time now, whole seconds, no zone (docs/protocol.md §3.2).</summary>
    public static DateTime BusinessNow()
    {
        var cst = DateTime.UtcNow.AddHours(8);
        return new DateTime(cst.Ticks - cst.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
    }
}
