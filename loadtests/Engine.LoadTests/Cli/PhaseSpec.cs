using System.Globalization;

namespace Engine.LoadTests.Cli;

/// <summary>How a phase injects load.</summary>
internal enum PhaseKind
{
    /// <summary>Open loop: iterations start at a fixed rate (per second), whatever the replies do.</summary>
    Rate,

    /// <summary>Open loop: the rate goes linearly from <see cref="PhaseSpec.From"/> to <see cref="PhaseSpec.To"/>.</summary>
    Ramp,

    /// <summary>Closed loop: <see cref="PhaseSpec.From"/> virtual users, each starting its next iteration when the
    /// previous one ends (the achieved rate is the system's throughput at that concurrency).</summary>
    Concurrency,
}

/// <summary>
/// One load phase: <c>[name:]rate=N:DURATION</c>, <c>[name:]ramp=A..B:DURATION</c>,
/// <c>[name:]concurrency=N:DURATION</c>, or <c>[name:]rate=P%:DURATION</c> (P percent of the saturation rate: the
/// throughput of the latest concurrency phase of the run, or <c>--saturation</c>). A phase named <c>warmup…</c> runs
/// but is left out of the totals and thresholds.
/// </summary>
internal sealed record PhaseSpec(
    string Name, PhaseKind Kind, double From, double To, bool PercentOfSaturation, TimeSpan Duration)
{
    public bool IsWarmup => Name.StartsWith("warmup", StringComparison.OrdinalIgnoreCase);

    public static PhaseSpec Parse(string text, int index)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3) throw Bad(text, "expected [name:]kind=value:duration");
        var name = parts.Length == 3 ? parts[0].Trim() : $"phase{index + 1}";
        if (name.Length == 0) throw Bad(text, "the name is empty");
        var load = parts[^2].Trim();
        var duration = DurationText.Parse(parts[^1], $"--phase {text}");
        if (duration <= TimeSpan.Zero) throw Bad(text, "the duration must be > 0");
        var eq = load.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw Bad(text, "expected rate=, ramp= or concurrency=");
        var kindText = load[..eq].Trim().ToLowerInvariant();
        var value = load[(eq + 1)..].Trim();
        switch (kindText)
        {
            case "concurrency":
            case "users":
                var users = Number(value, text);
                if (users < 1 || users != Math.Floor(users)) throw Bad(text, "concurrency must be a whole number ≥ 1");
                return new PhaseSpec(name, PhaseKind.Concurrency, users, users, false, duration);
            case "rate" when value.EndsWith('%'):
                var percent = Number(value[..^1], text);
                if (percent <= 0) throw Bad(text, "the percentage must be > 0");
                return new PhaseSpec(name, PhaseKind.Rate, percent / 100, percent / 100, true, duration);
            case "rate" or "ramp" when value.Contains("..", StringComparison.Ordinal):
                var range = value.Split("..");
                var from = Number(range[0], text);
                var to = Number(range[1], text);
                if (from < 0 || to <= 0) throw Bad(text, "ramp rates must be ≥ 0 and end > 0");
                return new PhaseSpec(name, PhaseKind.Ramp, from, to, false, duration);
            case "rate":
                var rate = Number(value, text);
                if (rate <= 0) throw Bad(text, "the rate must be > 0");
                return new PhaseSpec(name, PhaseKind.Rate, rate, rate, false, duration);
            default:
                throw Bad(text, $"unknown kind '{kindText}' (rate, ramp, concurrency)");
        }
    }

    public string Describe() => Kind switch
    {
        PhaseKind.Rate when PercentOfSaturation =>
            string.Create(CultureInfo.InvariantCulture, $"rate {From * 100:0.#}% of saturation, {DurationText.Format(Duration)}"),
        PhaseKind.Rate => string.Create(CultureInfo.InvariantCulture, $"rate {From:0.#}/s, {DurationText.Format(Duration)}"),
        PhaseKind.Ramp => string.Create(CultureInfo.InvariantCulture,
            $"ramp {From:0.#}→{To:0.#}/s, {DurationText.Format(Duration)}"),
        PhaseKind.Concurrency => string.Create(CultureInfo.InvariantCulture,
            $"closed loop, {From:0} concurrent, {DurationText.Format(Duration)}"),
        _ => throw new InvalidOperationException(),
    };

    private static double Number(string text, string phase) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value) ? value : throw Bad(phase, $"'{text}' is not a number");

    private static UsageException Bad(string text, string why) => new($"--phase '{text}': {why}.");
}
