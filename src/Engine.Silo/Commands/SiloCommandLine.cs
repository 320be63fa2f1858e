namespace Engine.Silo.Commands;

/// <summary>The silo's commands: <c>serve</c> (default), <c>schema apply</c>, <c>replay</c>, <c>secret</c>, <c>export</c>.</summary>
public static class SiloCommandLine
{
    /// <summary>Exit code of a bad command line.</summary>
    public const int UsageExitCode = 64;

    private const string Usage = """
        Usage: Engine.Silo [command] [options]

          serve [--port N] [--bind A] [--admin-secret S]
                                   Run a silo with the terminal gateway (the default; port 7400 on 127.0.0.1).
                                   Storage: in memory (with demo data) unless --Engine:Storage=postgres and
                                   --ConnectionStrings:Engine=... (or Engine__Storage, ConnectionStrings__Engine).
                                   Exit codes: 64 an option it does not take, 78 a setting that cannot run,
                                   1 could not start (port taken, database unreachable).
          schema apply             Apply the PostgreSQL schema to ConnectionStrings:Engine (idempotent).
          replay <scenario.json> [--out <results.json>] [--target host:port --admin-secret S]
                                   Replay a scenario file over the terminal protocol (against an embedded silo, or
                                   a running cluster) and print the results document.
          load-reference <file.json> --target host:port --admin-secret S
                                   Upsert a file's reference data into a running cluster (persons keep what the
                                   engine recorded; rules take effect on their dates, no restart).
          check <scenario.json> <results.json>
                                   Compare a results document with the scenario's expect members.
          secret <institution>     Print an institution's sign-in secret (derived from Engine:TerminalMasterKey,
                                   or Engine:AdminSecret when that is empty).
        """ + "\n" + Engine.Hosting.LedgerExportRequest.Usage + "\n" + """
          help                     This text.
        """;

    /// <summary>Runs the command <paramref name="args"/> names and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.Length == 0 || args[0].StartsWith('-') ? "serve" : args[0];
        var rest = args.Length == 0 || args[0].StartsWith('-') ? args : args[1..];
        switch (command)
        {
            case "serve":
                return await ServeCommand.RunAsync(rest);
            case "schema" when rest.Length > 0 && rest[0] == "apply":
                return await SchemaCommand.RunAsync(rest[1..]);
            case "replay":
                return await ReplayCommand.RunAsync(rest);
            case "load-reference":
                return await LoadReferenceCommand.RunAsync(rest);
            case "check":
                return await CheckCommand.RunAsync(rest);
            case "secret" when rest.Length > 0:
                return await SecretCommand.RunAsync(rest);
            case "export":
                return await ExportCommand.RunAsync(rest);
            case "help" or "--help" or "-h":
                Console.WriteLine(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{string.Join(' ', args)}'.{Environment.NewLine}{Usage}");
                return UsageExitCode;
        }
    }
}
