using System.Globalization;

namespace Engine.LoadTests.Cli;

/// <summary>
/// A pass/fail rule on the measured totals: <c>METRIC OP VALUE</c> with OP one of <c>&lt; &lt;= &gt; &gt;=</c>.
/// Metrics: latency <c>p50 p90 p99 p99.9 max mean</c> (value with ms, µs/us or s; a bare number is ms);
/// <c>errors timeouts drops</c> (a count, or a percentage of scheduled iterations with %);
/// <c>rate</c> (achieved iterations/s); <c>achieved</c> (achieved ÷ offered, in %).
/// </summary>
internal sealed record Threshold(string Text, string Metric, string Op, double Value, bool IsPercent)
{
    private static readonly string[] Ops = ["<=", ">=", "<", ">"];

    public static Threshold Parse(string text)
    {
        var t = text.Replace(" ", "", StringComparison.Ordinal);
        foreach (var op in Ops)
        {
            var at = t.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0) continue;
            var metric = t[..at].ToLowerInvariant();
            var valueText = t[(at + op.Length)..];
            return metric switch
            {
                "p50" or "p90" or "p99" or "p99.9" or "p999" or "max" or "mean" =>
                    new Threshold(text, metric == "p999" ? "p99.9" : metric, op, LatencyMs(valueText, text), false),
                "errors" or "timeouts" or "drops" => valueText.EndsWith('%')
                    ? new Threshold(text, metric, op, Number(valueText[..^1], text), true)
                    : new Threshold(text, metric, op, Number(valueText, text), false),
                "rate" => new Threshold(text, metric, op, Number(valueText.TrimEnd('/', 's'), text), false),
                "achieved" => new Threshold(text, metric, op, Number(valueText.TrimEnd('%'), text), true),
                _ => throw new UsageException($"--threshold '{text}': unknown metric '{metric}'."),
            };
        }
        throw new UsageException($"--threshold '{text}': expected METRIC<VALUE, e.g. \"p99<10ms\" or \"errors<0.1%\".");
    }

    /// <summary>The metric's value in the unit of <see cref="Value"/> (ms, count, %, per second).</summary>
    public double Actual(ThresholdInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        double Share(long count) => IsPercent
            ? (inputs.Scheduled == 0 ? 0 : 100.0 * count / inputs.Scheduled)
            : count;
        return Metric switch
        {
            "p50" => inputs.LatencyMs(50),
            "p90" => inputs.LatencyMs(90),
            "p99" => inputs.LatencyMs(99),
            "p99.9" => inputs.LatencyMs(99.9),
            "max" => inputs.MaxMs,
            "mean" => inputs.MeanMs,
            "errors" => Share(inputs.Errors),
            "timeouts" => Share(inputs.Timeouts),
            "drops" => Share(inputs.Drops),
            "rate" => inputs.AchievedRate,
            "achieved" => inputs.OfferedRate <= 0 ? 100 : 100 * inputs.AchievedRate / inputs.OfferedRate,
            _ => throw new InvalidOperationException(Metric),
        };
    }

    public bool Passes(double actual) => Op switch
    {
        "<" => actual < Value,
        "<=" => actual <= Value,
        ">" => actual > Value,
        ">=" => actual >= Value,
        _ => false,
    };

    public string FormatActual(double actual) => Metric switch
    {
        "p50" or "p90" or "p99" or "p99.9" or "max" or "mean" =>
            string.Create(CultureInfo.InvariantCulture, $"{actual:0.###} ms"),
        "rate" => string.Create(CultureInfo.InvariantCulture, $"{actual:0.#}/s"),
        _ when IsPercent => string.Create(CultureInfo.InvariantCulture, $"{actual:0.####}%"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{actual:0}"),
    };

    private static double LatencyMs(string text, string threshold)
    {
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith("us", StringComparison.Ordinal) || text.EndsWith("µs", StringComparison.Ordinal)
                ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : (text, 1.0);
        return Number(number, threshold) * scale;
    }

    private static double Number(string text, string threshold) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new UsageException($"--threshold '{threshold}': '{text}' is not a number.");
}

/// <summary>What thresholds are evaluated on (the measured phases together).</summary>
internal sealed record ThresholdInputs(
    Func<double, double> LatencyMs, double MaxMs, double MeanMs, long Scheduled, long Errors, long Timeouts,
    long Drops, double AchievedRate, double OfferedRate);
