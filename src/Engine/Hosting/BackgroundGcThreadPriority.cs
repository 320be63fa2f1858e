using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engine.Hosting;

/// <summary>
/// Gives the runtime's background-collection threads a lower scheduling priority (a higher nice value) on Linux.
/// </summary>
/// <remarks>
/// A background gen2 collection marks the live heap concurrently, for one to four seconds under load, on threads of
/// the same priority as the request threads: on a node whose cores are busy, they share the cores equally, and the
/// requests of those seconds wait (their p99 several times the other seconds', docs/performance.md). At a higher nice
/// value the marking takes what the requests leave: it runs longer, and the requests keep the cores. The foreground
/// collections are not touched (the program waits for them anyway). The runtime names these threads
/// <c>.NET BGC</c>, starts them with the first background collection and may start more later (one per heap, and
/// Server GC adapts its heap count), so the threads are looked for every <see cref="ScanInterval"/>. Raising a
/// thread's nice value needs no privilege.
/// </remarks>
internal sealed partial class BackgroundGcThreadPriority(EngineOptions options, ILogger<BackgroundGcThreadPriority> logger)
    : BackgroundService
{
    /// <summary>The default nice value (measured against 0 in docs/performance.md).</summary>
    public const int DefaultNice = 10;

    /// <summary>The name the runtime gives its background-collection threads (<c>/proc/self/task/*/comm</c>).</summary>
    public const string ThreadName = ".NET BGC";

    private const int NiceMax = 19; // Linux's lowest priority.
    private const int PrioProcess = 0; // setpriority's "which": with a thread id, that one thread.
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(2);

    private readonly HashSet<int> logged = [];

    /// <summary>Throws when <paramref name="nice"/> is not a nice value this service may set.</summary>
    public static void Validate(int nice)
    {
        // A negative value would raise the collector above the requests (and needs privilege): never what is meant.
        if (nice is < 0 or > NiceMax)
        {
            throw new InvalidOperationException(
                $"Engine:{nameof(EngineOptions.BackgroundGcNice)} must be 0 (leave the threads alone) to {NiceMax} " +
                $"(is {nice}).");
        }
    }

    /// <summary>
    /// Sets <paramref name="nice"/> on each background-collection thread of this process; returns their thread ids.
    /// </summary>
    public static IReadOnlyList<int> Apply(int nice)
    {
        Validate(nice);
        var applied = new List<int>();
        if (!OperatingSystem.IsLinux()) return applied;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(task), out var threadId)) continue;
            string name;
            try
            {
                name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            }
            catch (IOException)
            {
                continue; // The thread ended meanwhile.
            }
            if (name == ThreadName && SetPriority(PrioProcess, threadId, nice) == 0) applied.Add(threadId);
        }
        return applied;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The value was checked at start-up (EngineHost); Apply checks it again for hosts built otherwise.
        if (options.BackgroundGcNice == 0 || !OperatingSystem.IsLinux()) return;
        using var timer = new PeriodicTimer(ScanInterval);
        try
        {
            do
            {
                foreach (var threadId in Apply(options.BackgroundGcNice))
                {
                    if (logged.Add(threadId)) LogLowered(logger, threadId, options.BackgroundGcNice);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Background GC thread {ThreadId} now runs at nice {Nice} (Engine:BackgroundGcNice).")]
    private static partial void LogLowered(ILogger logger, int threadId, int nice);
}
