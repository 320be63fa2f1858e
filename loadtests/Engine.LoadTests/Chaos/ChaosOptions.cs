using System.Globalization;
using Engine.LoadTests.Cli;

namespace Engine.LoadTests.Chaos;

/// <summary>The <c>chaos</c> command's options (docs/load-testing.md, "Chaos").</summary>
internal sealed class ChaosOptions
{
    /// <summary>Silo processes at most: every silo needs three ports and up to 36 PostgreSQL connections.</summary>
    public const int SilosMax = 8;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromMinutes(4);
    public TimeSpan KillEvery { get; private set; } = TimeSpan.FromSeconds(20);
    public TimeSpan RestartAfter { get; private set; } = TimeSpan.FromSeconds(5);
    public TimeSpan? AddSiloAt { get; private set; }

    /// <summary>Engine:MembershipProbeTimeoutMs of every silo; zero leaves Orleans' default (5 s).</summary>
    public TimeSpan MembershipProbeTimeout { get; private set; } = TimeSpan.FromSeconds(2);

    /// <summary>Engine:MembershipMissedProbesLimit of every silo; zero leaves Orleans' default (3).</summary>
    public int MembershipMissedProbes { get; private set; } = 2;
    public int Silos { get; private set; } = 3;
    public double RatePerSecond { get; private set; } = 60;
    public int Terminals { get; private set; } = 24;
    public int Persons { get; private set; } = 3_000;
    public int Institutions { get; private set; } = 12;
    public int CancelPercent { get; private set; } = 10;
    public int InFlightMax { get; private set; } = 2_000;
    public ulong Seed { get; private set; } = 42;
    public string? ConnectionString { get; private set; }
    public string? SiloDll { get; private set; }
    public string? OutputDirectory { get; private set; }
    public bool Help { get; private set; }

    /// <summary>How long the verifier waits for the ledger to stop changing (outboxes still delivering).</summary>
    public TimeSpan LedgerSettleTimeout { get; private set; } = TimeSpan.FromSeconds(90);

    /// <summary>Silos running when the load starts: one fewer when a silo is added under load.</summary>
    public int InitialSilos => AddSiloAt is null ? Silos : Silos - 1;

    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        var o = new ChaosOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{arg} needs a value.");
            switch (arg)
            {
                case "-h" or "--help": o.Help = true; break;
                case "--duration": o.Duration = DurationText.Parse(Next(), arg); break;
                case "--kill-every": o.KillEvery = DurationText.Parse(Next(), arg); break;
                case "--restart-after": o.RestartAfter = DurationText.Parse(Next(), arg); break;
                case "--add-silo-at": o.AddSiloAt = DurationText.Parse(Next(), arg); break;
                case "--membership-probe-timeout": o.MembershipProbeTimeout = DurationText.Parse(Next(), arg); break;
                case "--membership-missed-probes": o.MembershipMissedProbes = Int(Next(), arg, 0, 10); break;
                case "--silos": o.Silos = Int(Next(), arg, 1, SilosMax); break;
                case "--rate": o.RatePerSecond = Int(Next(), arg, 1, 10_000); break;
                case "--terminals": o.Terminals = Int(Next(), arg, 1, 1_000); break;
                case "--persons": o.Persons = Int(Next(), arg, 100, 1_000_000); break;
                case "--institutions": o.Institutions = Int(Next(), arg, 2, 1_000); break;
                case "--cancel-percent": o.CancelPercent = Int(Next(), arg, 0, 100); break;
                case "--max-in-flight": o.InFlightMax = Int(Next(), arg, 1, 100_000); break;
                case "--seed": o.Seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--connection-string": o.ConnectionString = Next(); break;
                case "--silo-dll": o.SiloDll = Next(); break;
                case "--out": o.OutputDirectory = Next(); break;
                case "--ledger-settle-timeout": o.LedgerSettleTimeout = DurationText.Parse(Next(), arg); break;
                default: throw new UsageException($"Unknown chaos option {arg}.");
            }
        }
        if (!o.Help) o.Check();
        return o;
    }

    public static string Usage => """
        usage: Engine.LoadTests chaos [options]

        3 silo processes on PostgreSQL, open-loop visits through Engine.Client's SettlementClient, kill -9 of one
        silo every --kill-every (restarted after --restart-after), then a verifier over the engine's own records
        and the client's reply log. Exit code: 0 no violation, 1 a violation, 2 usage, 3 setup failed.

          --duration D               load duration (4m)
          --kill-every D             SIGKILL one silo this often, round-robin; 0 = never (20s)
          --restart-after D          restart the killed silo on its ports after this long (5s)
          --silos N                  silo processes (3)
          --add-silo-at D            start with N-1 silos; start the N-th at D under load (off)
          --membership-probe-timeout D  the silos' Engine:MembershipProbeTimeoutMs; 0 = Orleans' 5 s (2s)
          --membership-missed-probes N  the silos' Engine:MembershipMissedProbesLimit; 0 = Orleans' 3 (2)
          --rate N                   visits per second, open loop: register, upload, settle (60)
          --cancel-percent P         percent of settled visits then cancelled with 2208 (10)
          --terminals N              terminals (institution connections), spread over the silos (24)
          --persons N                synthetic persons (3000); few persons → many settlements each
          --institutions N           institutions (12)
          --max-in-flight N          visits unanswered before a due one is dropped (2000)
          --connection-string CS     an existing PostgreSQL database (default: a throwaway server)
          --silo-dll PATH            Engine.Silo.dll (src/Engine.Silo/bin/Release/net10.0/Engine.Silo.dll)
          --ledger-settle-timeout D  wait this long at most for the ledger to stop changing (90s)
          --seed N                   population seed (42)
          --out DIR                  report directory (reports/chaos/chaos-<time>)
        """;

    private void Check()
    {
        if (Duration < TimeSpan.FromSeconds(10)) throw new UsageException("--duration must be at least 10s.");
        if (KillEvery != TimeSpan.Zero && KillEvery <= RestartAfter)
        {
            throw new UsageException("--kill-every must be longer than --restart-after.");
        }
        if (AddSiloAt is { } at && (Silos < 2 || at >= Duration))
        {
            throw new UsageException("--add-silo-at needs --silos ≥ 2 and a time inside --duration.");
        }
        if (MembershipMissedProbes == 1) throw new UsageException("--membership-missed-probes: 0 or 2 to 10.");
        if (KillEvery != TimeSpan.Zero && InitialSilos < 2)
        {
            throw new UsageException("Killing silos needs at least 2 running silos (the others carry the load).");
        }
    }

    private static int Int(string text, string what, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new UsageException($"{what}: '{text}' must be an integer from {min} to {max}.");
        }
        return value;
    }
}
