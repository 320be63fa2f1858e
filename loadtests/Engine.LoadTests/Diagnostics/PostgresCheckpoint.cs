using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.LoadTests.Diagnostics;

/// <summary>
/// One checkpoint of the throwaway PostgreSQL, as its server log reports it (<c>log_checkpoints</c>, on by default
/// since PostgreSQL 15): when it started and why, when it completed, and how long its writing and its closing fsync
/// of the data files took. The durable visit's slowest seconds fell at checkpoint ends (docs/performance.md), so the
/// report puts each end beside the latency of that second.
/// </summary>
/// <param name="StartedUtc">The "checkpoint starting" line's time; null when the log began after it.</param>
/// <param name="Cause">Why it started, as the log says it (wal, time, immediate force wait, …); null as above.</param>
/// <param name="CompletedUtc">The "checkpoint complete" line's time.</param>
/// <param name="WriteSeconds">Writing the dirty buffers (spread over the checkpoint by design).</param>
/// <param name="SyncSeconds">The fsync of every data file written, at the end.</param>
/// <param name="SyncFiles">How many files that fsync covered.</param>
/// <param name="LongestSyncSeconds">The longest single file's fsync.</param>
internal sealed partial record PostgresCheckpoint(
    DateTime? StartedUtc, string? Cause, DateTime CompletedUtc, double WriteSeconds, double SyncSeconds, int SyncFiles,
    double LongestSyncSeconds)
{
    /// <summary>
    /// The checkpoints completed in <paramref name="logLines"/>, in order. Lines are expected with PostgreSQL's default
    /// prefix (<c>%m [%p] </c>) and the log in UTC (scripts/pg-throwaway.sh sets <c>log_timezone</c>); other lines, and
    /// lines in another time zone, are skipped.
    /// </summary>
    public static IReadOnlyList<PostgresCheckpoint> Parse(IEnumerable<string> logLines)
    {
        ArgumentNullException.ThrowIfNull(logLines);
        var checkpoints = new List<PostgresCheckpoint>();
        (DateTime At, string Cause)? starting = null;
        foreach (var line in logLines)
        {
            var match = CheckpointLine().Match(line);
            if (!match.Success) continue;
            var at = DateTime.SpecifyKind(
                DateTime.ParseExact(match.Groups["at"].Value, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                DateTimeKind.Utc);
            var rest = match.Groups["rest"].Value.Trim();
            if (match.Groups["what"].Value == "starting")
            {
                starting = (at, rest);
                continue;
            }
            var figures = CompleteFigures().Match(rest);
            if (!figures.Success) continue;
            checkpoints.Add(new PostgresCheckpoint(starting?.At, starting?.Cause, at, Seconds(figures, "write"),
                Seconds(figures, "sync"), int.Parse(figures.Groups["files"].Value, CultureInfo.InvariantCulture),
                Seconds(figures, "longest")));
            starting = null;
        }
        return checkpoints;
    }

    /// <summary>The checkpoints in the server log at <paramref name="path"/> (read while the server may still write it).</summary>
    public static IReadOnlyList<PostgresCheckpoint> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return Parse(lines);
    }

    private static double Seconds(Match figures, string group) =>
        double.Parse(figures.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<at>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) (?:UTC|GMT) \[\d+\] LOG:\s+checkpoint (?<what>starting|complete):(?<rest>.*)$")]
    private static partial Regex CheckpointLine();

    [GeneratedRegex(@"write=(?<write>[\d.]+) s, sync=(?<sync>[\d.]+) s, total=[\d.]+ s; sync files=(?<files>\d+), longest=(?<longest>[\d.]+) s")]
    private static partial Regex CompleteFigures();
}
