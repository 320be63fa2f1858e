using Engine.LoadTests.Running;
using HdrHistogram;
using ScottPlot;

namespace Engine.LoadTests.Reports;

/// <summary>The PNG plots of a run (ScottPlot, rendered through SkiaSharp): throughput, latency percentiles over
/// time, latency distribution per measured phase, CPU per process.</summary>
internal static class Plots
{
    private const int Width = 1100;
    private const int Height = 460;

    public static void Write(RunReport r, IReadOnlyList<PhaseStats> measured, string directory)
    {
        var s = r.Samples;
        double[] x = [.. s.Select(v => v.Seconds)];
        Throughput(r, s, x, Path.Combine(directory, "throughput.png"));
        Latency(r, s, x, Path.Combine(directory, "latency.png"));
        Distribution(measured, Path.Combine(directory, "distribution.png"));
        Cpu(r, s, x, Path.Combine(directory, "cpu.png"));
    }

    private static void Throughput(RunReport r, IReadOnlyList<SecondSample> s, double[] x, string path)
    {
        var plot = new Plot();
        Line(plot, x, [.. s.Select(v => (double)v.Scheduled)], "offered (scheduled)/s", Colors.Gray);
        Line(plot, x, [.. s.Select(v => (double)v.Completed)], "achieved (completed)/s", Colors.Blue);
        Line(plot, x, [.. s.Select(v => (double)(v.Errors + v.Timeouts))], "errors + time-outs/s", Colors.Red);
        Line(plot, x, [.. s.Select(v => (double)v.Drops)], "dropped/s", Colors.Orange);
        Finish(plot, r, $"{r.Options.ScenarioName}: {r.IterationName}s per second", "per second");
        plot.Axes.SetLimitsY(0, Math.Max(1, s.Count == 0 ? 1 : s.Max(v => Math.Max(v.Scheduled, v.Completed)) * 1.1));
        plot.SavePng(path, Width, Height);
    }

    private static void Latency(RunReport r, IReadOnlyList<SecondSample> s, double[] x, string path)
    {
        var plot = new Plot();
        static double L(double ms) => Math.Log10(Math.Max(ms, 0.01));
        var live = s.Where(v => v.Completed > 0).ToList();
        double[] lx = [.. live.Select(v => v.Seconds)];
        Line(plot, lx, [.. live.Select(v => L(v.P50Ms))], "p50", Colors.Green);
        Line(plot, lx, [.. live.Select(v => L(v.P90Ms))], "p90", Colors.Blue);
        Line(plot, lx, [.. live.Select(v => L(v.P99Ms))], "p99", Colors.Orange);
        Line(plot, lx, [.. live.Select(v => L(v.P999Ms))], "p99.9", Colors.Red);
        Line(plot, lx, [.. live.Select(v => L(v.MaxMs))], "max", Colors.Gray);
        var first = true;
        foreach (var checkpoint in r.Checkpoints ?? [])
        {
            // Where PostgreSQL's checkpoints ended: the fsync of the data files that closes one can hold up commits.
            var end = plot.Add.VerticalLine(r.SecondsIntoRun(checkpoint.CompletedUtc));
            end.LinePattern = LinePattern.Dotted;
            end.Color = Colors.Purple.WithAlpha(0.6);
            if (first) end.LegendText = "PostgreSQL checkpoint ended";
            first = false;
        }
        _ = x;
        LogTicks(plot);
        Finish(plot, r, $"{r.Options.ScenarioName}: {r.IterationName} latency per second (from the scheduled time)", "ms (log scale)");
        plot.SavePng(path, Width, Height);
    }

    private static void Distribution(IReadOnlyList<PhaseStats> measured, string path)
    {
        var plot = new Plot();
        Color[] colors = [Colors.Blue, Colors.Red, Colors.Green, Colors.Orange, Colors.Purple, Colors.Brown];
        var i = 0;
        var xMax = 1.0;
        foreach (var phase in measured)
        {
            var h = phase.Iterations;
            if (h.TotalCount == 0) continue;
            var (xs, ys) = Spectrum(h);
            xMax = Math.Max(xMax, xs.Length == 0 ? 1 : xs[^1]);
            Line(plot, xs, ys, phase.Name, colors[i++ % colors.Length]);
        }
        double[] positions = [0, 0.30103, 1, 2, 3, 4, 5];
        string[] labels = ["0%", "50%", "90%", "99%", "99.9%", "99.99%", "99.999%"];
        var keep = positions.Select((p, k) => (p, k)).Where(t => t.p <= xMax + 0.01).ToList();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. keep.Select(t => t.p)], [.. keep.Select(t => labels[t.k])]);
        LogTicks(plot);
        plot.Title("Latency by percentile (HdrHistogram, measured phases)");
        plot.XLabel("percentile");
        plot.YLabel("ms (log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The percentile spectrum: x = log10(1 ÷ (1 − p)), so 90%, 99%, 99.9% are evenly spaced.</summary>
    private static (double[] X, double[] Y) Spectrum(HistogramBase h)
    {
        var xMax = Math.Log10(Math.Max(2, h.TotalCount));
        var xs = new List<double>();
        var ys = new List<double>();
        for (var x = 0.0; x <= xMax + 1e-9; x += 0.02)
        {
            var p = 100 * (1 - Math.Pow(10, -x));
            xs.Add(x);
            ys.Add(Math.Log10(Math.Max(h.GetValueAtPercentile(p) / 1000.0, 0.01)));
        }
        xs.Add(xMax + 0.02);
        ys.Add(Math.Log10(Math.Max(h.GetMaxValue() / 1000.0, 0.01)));
        return ([.. xs], [.. ys]);
    }

    private static void Cpu(RunReport r, IReadOnlyList<SecondSample> s, double[] x, string path)
    {
        var plot = new Plot();
        if (s.Count > 0 && s[0].Cpu.HasSilo) Line(plot, x, [.. s.Select(v => v.Cpu.Silo)], "silo", Colors.Blue);
        if (s.Count > 0 && s[0].Cpu.HasPostgres) Line(plot, x, [.. s.Select(v => v.Cpu.Postgres)], "PostgreSQL", Colors.Purple);
        Line(plot, x, [.. s.Select(v => v.Cpu.Generator)], "load generator", Colors.Orange);
        Line(plot, x, [.. s.Select(v => v.Cpu.Total)], "sum of the three", Colors.Gray);
        Line(plot, x, [.. s.Select(v => v.Cpu.Others)], "rest of the machine", Colors.Green);
        var cores = r.Machine.Cores;
        var all = plot.Add.HorizontalLine(cores);
        all.LinePattern = LinePattern.Dotted;
        all.Color = Colors.Black;
        all.LegendText = $"{cores} cores";
        Finish(plot, r, "CPU per process (from /proc/<pid>/stat)", "cores");
        plot.Axes.SetLimitsY(0, cores * 1.1);
        plot.SavePng(path, Width, Height);
    }

    private static void Line(Plot plot, double[] x, double[] y, string label, Color color)
    {
        if (x.Length == 0) return;
        var line = plot.Add.ScatterLine(x, y);
        line.LegendText = label;
        line.Color = color;
        line.LineWidth = 1.5f;
    }

    private static void Finish(Plot plot, RunReport r, string title, string yLabel)
    {
        foreach (var phase in r.Phases)
        {
            var edge = plot.Add.VerticalLine(phase.StartSeconds);
            edge.LinePattern = LinePattern.Dashed;
            edge.Color = Colors.Black.WithAlpha(0.35);
            edge.Text = phase.Name;
            edge.LabelOppositeAxis = true;
        }
        plot.Title(title);
        plot.XLabel("seconds since the first phase started");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    /// <summary>Labels a log10 axis with the plain values (0.1, 1, 10 … ms).</summary>
    private static void LogTicks(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        };
}
