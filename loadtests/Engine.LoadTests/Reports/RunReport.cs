using System.Globalization;
using System.Runtime.InteropServices;
using Engine.LoadTests.Cli;
using Engine.LoadTests.Diagnostics;
using Engine.LoadTests.Population;
using Engine.LoadTests.Running;

namespace Engine.LoadTests.Reports;

/// <summary>What the report says about the engine under test.</summary>
internal sealed record EngineInfo(string Where, string Storage, int? SiloPid, string? PostgresVersion, string? Postgres);

/// <summary>Everything a run produced, for the report writer.</summary>
internal sealed record RunReport(
    LoadTestOptions Options, string[] Args, string IterationName, DateTimeOffset Started, DateTimeOffset Finished,
    MachineInfo Machine, string LoadAverageAtEnd, EngineInfo Engine, SyntheticPopulation Population,
    IReadOnlyList<PhaseStats> Phases, IReadOnlyList<SecondSample> Samples, double RunStartUnixMs,
    long? CommitsBefore, long? CommitsAfter, PhaseStats? Preparation, string LogPath,
    IReadOnlyDictionary<string, GcSummary>? SiloGc, IReadOnlyList<PostgresCheckpoint>? Checkpoints,
    PostgresBufferWrites? BufferWrites)
{
    /// <summary>When <paramref name="utc"/> was, in seconds since the first phase started (the plots' x axis).</summary>
    public double SecondsIntoRun(DateTime utc) =>
        ((utc - DateTime.UnixEpoch).TotalMilliseconds - RunStartUnixMs) / 1000.0;
}

/// <summary>The machine, as the report states it (shared machines drift: the load average says how busy it was).</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, string Memory, string Os, string Runtime, string LoadAverage)
{
    public string Summary => $"{Cores} cores ({CpuModel}), {Memory}, {Os}, {Runtime}";

    public static MachineInfo Read()
    {
        static string First(string path, string prefix)
        {
            try
            {
                var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                return line is null ? "?" : line[(line.IndexOf(line.Contains(':', StringComparison.Ordinal) ? ':' : '=', StringComparison.Ordinal) + 1)..].Trim().Trim('"');
            }
            catch (IOException)
            {
                return "?";
            }
        }
        var memKb = First("/proc/meminfo", "MemTotal").Split(' ')[0];
        var memory = long.TryParse(memKb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB RAM") : "? RAM";
        string load;
        try
        {
            load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            load = "?";
        }
        return new MachineInfo(Environment.ProcessorCount, First("/proc/cpuinfo", "model name"), memory,
            First("/etc/os-release", "PRETTY_NAME"), RuntimeInformation.FrameworkDescription, load);
    }
}
