using System.Globalization;

namespace Engine.LoadTests.Hosting;

/// <summary>CPU seconds of the silo, PostgreSQL and this process at one moment (from /proc/&lt;pid&gt;/stat).</summary>
/// <param name="Machine">CPU seconds of the whole machine (/proc/stat, busy time), only to tell how much of it
/// went to other processes on a shared machine.</param>
internal readonly record struct CpuSample(long Ticks, double Silo, double Postgres, double Generator, double Machine);

/// <summary>Cores used between two samples (CPU seconds ÷ wall seconds; 2.0 = both cores of this machine).</summary>
/// <param name="Others">The rest of the machine: its busy time less the three processes (other work on a shared
/// machine, the kernel's interrupt handling).</param>
internal sealed record CpuUsage(double Silo, double Postgres, double Generator, double Others, bool HasSilo, bool HasPostgres)
{
    public double Total => Silo + Postgres + Generator;

    public static CpuUsage Between(CpuSample from, CpuSample to, bool hasSilo, bool hasPostgres)
    {
        var wall = Running.Clock.Seconds(to.Ticks - from.Ticks);
        if (wall <= 0) return new CpuUsage(0, 0, 0, 0, hasSilo, hasPostgres);
        var silo = (to.Silo - from.Silo) / wall;
        var postgres = (to.Postgres - from.Postgres) / wall;
        var generator = (to.Generator - from.Generator) / wall;
        var machine = (to.Machine - from.Machine) / wall;
        return new CpuUsage(silo, postgres, generator, Math.Max(0, machine - silo - postgres - generator), hasSilo, hasPostgres);
    }
}

/// <summary>
/// Per-process CPU from /proc/&lt;pid&gt;/stat: utime + stime of the process (all its threads), never the machine-wide
/// /proc/stat. PostgreSQL is the postmaster's utime + stime + cutime + cstime (backends that exited and were reaped)
/// plus utime + stime of its live children (backends, checkpointer, WAL writer …). Clock ticks are USER_HZ = 100.
/// </summary>
internal sealed class ProcessCpu(int? siloPid, Func<int?> postmasterPid)
{
    private const double TicksPerSecond = 100.0;

    public bool HasSilo => siloPid is not null;

    public bool HasPostgres => postmasterPid() is not null;

    public CpuSample Sample()
    {
        var now = Running.Clock.Now;
        var silo = siloPid is { } s ? Own(s, withChildren: true) : 0;
        var generator = Own(Environment.ProcessId, withChildren: false);
        var postgres = postmasterPid() is { } pm ? Own(pm, withChildren: true) + ChildrenOf(pm) : 0;
        return new CpuSample(now, silo / TicksPerSecond, postgres / TicksPerSecond, generator / TicksPerSecond,
            MachineBusy() / TicksPerSecond);
    }

    /// <summary>utime + stime (+ cutime + cstime) of <paramref name="pid"/>, in clock ticks; 0 when it is gone.</summary>
    private static long Own(int pid, bool withChildren)
    {
        var fields = Fields(pid);
        if (fields is null) return 0;
        // Fields after the command: [0] state, [1] ppid … [11] utime, [12] stime, [13] cutime, [14] cstime.
        var ticks = Long(fields, 11) + Long(fields, 12);
        return withChildren ? ticks + Long(fields, 13) + Long(fields, 14) : ticks;
    }

    /// <summary>Busy ticks of all CPUs: the first line of /proc/stat less idle and iowait.</summary>
    private static long MachineBusy()
    {
        try
        {
            var first = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal …
            long busy = 0;
            for (var i = 1; i < Math.Min(first.Length, 9); i++)
            {
                if (i is 4 or 5) continue;
                busy += long.Parse(first[i], CultureInfo.InvariantCulture);
            }
            return busy;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long ChildrenOf(int parent)
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var fields = Fields(pid);
            if (fields is null || Long(fields, 1) != parent) continue;
            ticks += Long(fields, 11) + Long(fields, 12);
        }
        return ticks;
    }

    private static string[]? Fields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return close < 0 ? null : text[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Long(string[] fields, int index) =>
        index < fields.Length && long.TryParse(fields[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : 0;
}
