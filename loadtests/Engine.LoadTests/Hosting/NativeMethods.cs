using System.Runtime.InteropServices;

namespace Engine.LoadTests.Hosting;

/// <summary>The two libc calls .NET has no API for: a sub-millisecond sleep and a signal (SIGTERM, SIGKILL).</summary>
internal static partial class NativeMethods
{
    /// <summary>SIGTERM: ask a process to shut down cleanly.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL: end a process at once, no clean-up (the chaos command's silo kills).</summary>
    public const int SigKill = 9;

    /// <summary>Sleeps the calling thread for about <paramref name="microseconds"/> µs (Thread.Sleep is whole ms).</summary>
    [LibraryImport("libc", EntryPoint = "usleep")]
    internal static partial int USleep(uint microseconds);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill")]
    internal static partial int Kill(int pid, int signal);
}
