using System.Globalization;
using System.Net;

namespace Engine.LoadTests.Cli;

/// <summary>The scenarios the tool drives.</summary>
internal enum ScenarioKind
{
    Echo,
    Ping,
    Visit,
    SettleOnly,
    Mixed,
}

/// <summary>Where the silo runs and on which storage.</summary>
internal enum StorageKind
{
    Memory,
    Postgres,
}

/// <summary>Everything the command line says (docs/load-testing.md lists each option).</summary>
internal sealed class LoadTestOptions
{
    public const int UsageExitCode = 2;

    public ScenarioKind Scenario { get; private set; }
    public string ScenarioName { get; private set; } = "";
    public List<PhaseSpec> Phases { get; } = [];
    public double? Saturation { get; private set; }
    public int MaxInFlight { get; private set; } = 2_000;
    public int Terminals { get; private set; } = 64;
    public TimeSpan RequestTimeout { get; private set; } = TimeSpan.FromSeconds(10);
    public List<Threshold> Thresholds { get; } = [];
    public string? ThresholdPhase { get; private set; }
    public string? TargetHost { get; private set; }
    public int TargetPort { get; private set; }
    public string? AdminSecret { get; private set; }
    public string? SiloDll { get; private set; }
    public StorageKind Storage { get; private set; } = StorageKind.Memory;
    public int? SiloPid { get; private set; }

    /// <summary>Record the silo's garbage collections over EventPipe (when its process is known).</summary>
    public bool GcTrace { get; private set; } = true;

    /// <summary>Also sample what the silo allocates, by type (the GC trace at the verbose level).</summary>
    public bool SiloAllocations { get; private set; }
    public bool AllowRemote { get; private set; }
    public int Persons { get; private set; } = 100_000;
    public int Institutions { get; private set; } = 200;
    public int Cities { get; private set; } = 8;
    public int CatalogSize { get; private set; } = 1_200;
    public ulong Seed { get; private set; } = 42;
    public bool SkipLoad { get; private set; }
    public int LoadParallelism { get; private set; } = 4;
    public int? Prepare { get; private set; }
    public int PrepareConcurrency { get; private set; } = 128;
    public string? OutputDirectory { get; private set; }
    public bool Help { get; private set; }

    public bool EmbeddedSilo => TargetHost is null;

    public static LoadTestOptions Parse(string[] args)
    {
        var o = new LoadTestOptions();
        double? rate = null;
        int? concurrency = null;
        TimeSpan? duration = null;
        TimeSpan warmup = TimeSpan.FromSeconds(5);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{arg} needs a value.");
            switch (arg)
            {
                case "-h" or "--help": o.Help = true; break;
                case "--phase": o.Phases.Add(PhaseSpec.Parse(Next(), o.Phases.Count)); break;
                case "--rate": rate = Positive(Next(), arg); break;
                case "--concurrency": concurrency = Int(Next(), arg, 1); break;
                case "--duration": duration = PositiveDuration(Next(), arg); break;
                case "--warmup": warmup = DurationText.Parse(Next(), arg); break;
                case "--saturation": o.Saturation = Positive(Next(), arg); break;
                case "--max-in-flight": o.MaxInFlight = Int(Next(), arg, 1); break;
                case "--terminals": o.Terminals = Int(Next(), arg, 1); break;
                case "--timeout": o.RequestTimeout = PositiveDuration(Next(), arg); break;
                case "--threshold": o.Thresholds.Add(Threshold.Parse(Next())); break;
                case "--threshold-phase": o.ThresholdPhase = Next(); break;
                case "--target": o.SetTarget(Next()); break;
                case "--admin-secret": o.AdminSecret = Next(); break;
                case "--silo-dll": o.SiloDll = Next(); break;
                case "--silo-pid": o.SiloPid = Int(Next(), arg, 1); break;
                case "--no-gc-trace": o.GcTrace = false; break;
                case "--silo-allocations": o.SiloAllocations = true; break;
                case "--allow-remote": o.AllowRemote = true; break;
                case "--storage":
                    o.Storage = Next() switch
                    {
                        "memory" => StorageKind.Memory,
                        "postgres" => StorageKind.Postgres,
                        var s => throw new UsageException($"--storage '{s}': memory or postgres."),
                    };
                    break;
                case "--persons": o.Persons = Int(Next(), arg, 10); break;
                case "--institutions": o.Institutions = Int(Next(), arg, 2); break;
                case "--cities": o.Cities = Int(Next(), arg, 1); break;
                case "--catalog": o.CatalogSize = Int(Next(), arg, 50); break;
                case "--seed": o.Seed = WholeNumber(Next(), arg); break;
                case "--skip-load": o.SkipLoad = true; break;
                case "--load-parallelism": o.LoadParallelism = Int(Next(), arg, 1); break;
                case "--prepare": o.Prepare = Int(Next(), arg, 1); break;
                case "--prepare-concurrency": o.PrepareConcurrency = Int(Next(), arg, 1); break;
                case "--out": o.OutputDirectory = Next(); break;
                default:
                    if (arg.StartsWith('-')) throw new UsageException($"Unknown option {arg}.");
                    if (o.ScenarioName.Length > 0) throw new UsageException($"Two scenarios: {o.ScenarioName} and {arg}.");
                    o.ScenarioName = arg;
                    o.Scenario = arg switch
                    {
                        "echo" => ScenarioKind.Echo,
                        "ping" => ScenarioKind.Ping,
                        "visit" => ScenarioKind.Visit,
                        "settle-only" => ScenarioKind.SettleOnly,
                        "mixed" => ScenarioKind.Mixed,
                        _ => throw new UsageException($"Unknown scenario '{arg}' (echo, ping, visit, settle-only, mixed)."),
                    };
                    break;
            }
        }
        if (o.Help) return o;
        if (o.ScenarioName.Length == 0) throw new UsageException("Name a scenario: echo, ping, visit, settle-only or mixed.");
        o.AddShorthandPhases(rate, concurrency, duration, warmup);
        o.Check();
        return o;
    }

    public static string Usage => """
        Engine.LoadTests — simulated hospital terminals over the engine's terminal protocol.

        usage: Engine.LoadTests <echo|ping|visit|settle-only|mixed> [options]

        load (several --phase run one after another; docs/load-testing.md):
          --phase [name:]rate=N:DUR           open loop, N iterations/s (e.g. warmup:rate=500:5s)
          --phase [name:]ramp=A..B:DUR        open loop, rate rising linearly from A to B
          --phase [name:]concurrency=N:DUR    closed loop, N virtual users (measures saturation)
          --phase [name:]rate=P%:DUR          P% of the saturation measured by the last concurrency phase
          --rate N --duration D [--warmup W]  shorthand: warmup:rate=N:W then main:rate=N:D (W=5s; 0 = none)
          --concurrency N --duration D        shorthand for one closed-loop phase
          --saturation N                      the rate P% phases refer to, when no concurrency phase ran
          --max-in-flight N                   iterations in flight at most (2000); beyond, an iteration is
                                              counted as dropped, never queued
          --terminals N                       terminal connections (64), spread over the institutions
          --timeout DUR                       request time-out (10s)
        pass/fail:
          --threshold "p99<10ms"              repeatable; p50 p90 p99 p99.9 max mean, errors timeouts drops
                                              (count or %), rate (achieved/s), achieved (% of offered)
          --threshold-phase NAME              evaluate thresholds on one phase (default: every phase not
                                              named warmup*)
        engine:
          --target host:port --admin-secret S a running engine (loopback only unless --allow-remote)
          --silo-pid PID                      report that silo's CPU and garbage collections (same machine)
          --no-gc-trace                       do not record the silo's garbage collections (EventPipe)
          --silo-allocations                  also sample the silo's allocations by type (its AllocationTick events,
                                              one per 100 KB allocated): the report lists them per phase
          (no --target)                       start a silo process: dotnet <silo-dll> serve --port 0
          --silo-dll PATH                     default src/Engine.Silo/bin/Release/net10.0/Engine.Silo.dll
          --storage memory|postgres           postgres: throwaway PostgreSQL (scripts/pg-throwaway.sh),
                                              schema apply, silo with Engine__Storage=postgres
          SILO_<NAME>=value (environment)     passed to the started silo alone as <NAME>=value, e.g.
                                              SILO_DOTNET_GCgen0size=0x300000
        population (deterministic from the seed, loaded with the admin messages):
          --persons N (100000) --institutions N (200) --cities N (8) --catalog N (1200) --seed N (42)
          --skip-load                         the target already has this seed's population
          --load-parallelism N                admin connections loading persons at once (4)
          --prepare N                         settle-only: visits registered and uploaded beforehand
          --prepare-concurrency N             settle-only: concurrency of that preparation (128)
        output:
          --out DIR                           report directory (reports/load/<scenario>-<time>)

        exit code: 0 thresholds met, 1 a threshold failed, 2 usage, 3 the engine could not be set up.
        """;

    private void AddShorthandPhases(double? rate, int? concurrency, TimeSpan? duration, TimeSpan warmup)
    {
        if (rate is not null && concurrency is not null) throw new UsageException("--rate and --concurrency exclude each other.");
        if (rate is null && concurrency is null)
        {
            if (duration is not null && Phases.Count == 0) throw new UsageException("--duration needs --rate or --concurrency.");
            if (Phases.Count == 0) throw new UsageException("Give --phase, or --rate/--concurrency with --duration.");
            return;
        }
        if (Phases.Count > 0) throw new UsageException("Use either --phase or the --rate/--concurrency shorthand.");
        var main = duration ?? TimeSpan.FromSeconds(60);
        if (rate is { } r)
        {
            if (warmup > TimeSpan.Zero) Phases.Add(new PhaseSpec("warmup", PhaseKind.Rate, r, r, false, warmup));
            Phases.Add(new PhaseSpec("main", PhaseKind.Rate, r, r, false, main));
        }
        else
        {
            var users = concurrency!.Value;
            if (warmup > TimeSpan.Zero) Phases.Add(new PhaseSpec("warmup", PhaseKind.Concurrency, users, users, false, warmup));
            Phases.Add(new PhaseSpec("main", PhaseKind.Concurrency, users, users, false, main));
        }
    }

    private void Check()
    {
        if (TargetHost is not null && string.IsNullOrEmpty(AdminSecret))
        {
            throw new UsageException("--target needs --admin-secret (terminal secrets are derived from it).");
        }
        if (TargetHost is not null && Storage == StorageKind.Postgres)
        {
            throw new UsageException("--storage applies to the silo this tool starts; a --target has its own storage.");
        }
        if (TargetHost is null && SiloPid is not null) throw new UsageException("--silo-pid goes with --target.");
        var percentFirst = Phases.FindIndex(p => p.PercentOfSaturation);
        var concurrencyFirst = Phases.FindIndex(p => p.Kind == PhaseKind.Concurrency);
        if (percentFirst >= 0 && Saturation is null && (concurrencyFirst < 0 || concurrencyFirst > percentFirst))
        {
            throw new UsageException("A rate=P% phase needs a concurrency phase before it, or --saturation.");
        }
        if (ThresholdPhase is not null && !Phases.Exists(p => p.Name == ThresholdPhase))
        {
            throw new UsageException($"--threshold-phase '{ThresholdPhase}' names no phase.");
        }
        if (Phases.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != Phases.Count)
        {
            throw new UsageException("Phase names must differ.");
        }
        if (Phases.TrueForAll(p => p.IsWarmup)) throw new UsageException("Every phase is a warm-up: nothing to measure.");
    }

    private void SetTarget(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65_535)
        {
            throw new UsageException($"--target '{value}': expected host:port.");
        }
        TargetHost = value[..colon].Trim('[', ']');
        TargetPort = port;
    }

    /// <summary>Refuses anything but a loopback address unless <c>--allow-remote</c> (load only what you own).</summary>
    public void CheckTargetIsAllowed()
    {
        if (TargetHost is null || AllowRemote) return;
        var loopback = string.Equals(TargetHost, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(TargetHost, out var address) && IPAddress.IsLoopback(address));
        if (!loopback)
        {
            throw new UsageException($"--target {TargetHost} is not a loopback address; add --allow-remote to load it.");
        }
    }

    private static double Positive(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            && double.IsFinite(value) ? value : throw new UsageException($"{option} '{text}': a number > 0.");

    private static TimeSpan PositiveDuration(string text, string option) =>
        DurationText.Parse(text, option) is var value && value > TimeSpan.Zero
            ? value : throw new UsageException($"{option} '{text}': a duration > 0 (e.g. 500ms, 30s, 2m).");

    private static ulong WholeNumber(string text, string option) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : throw new UsageException($"{option} '{text}': a whole number from 0 to {ulong.MaxValue}.");

    private static int Int(string text, string option, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value : throw new UsageException($"{option} '{text}': a whole number ≥ {min}.");
}
