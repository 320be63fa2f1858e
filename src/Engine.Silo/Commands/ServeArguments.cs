namespace Engine.Silo.Commands;

/// <summary>
/// Translates the friendly options of <c>serve</c> (<c>--port N</c>, <c>--bind A</c>, <c>--admin-secret S</c>) into
/// configuration keys; every other argument passes through as .NET command-line configuration, which must name a
/// key with its section (<c>--Engine:Storage=postgres</c>, <c>--ConnectionStrings:Engine ...</c>).
/// </summary>
/// <remarks>
/// .NET's command-line configuration takes any key and ignores the ones nothing reads, so a mistyped option
/// (<c>--prot 7500</c>, <c>--Port 7500</c>) would start a silo on the default port without a word. A key without a
/// section is therefore refused, but for the host's own (<see cref="HostKeys"/>).
/// </remarks>
public static class ServeArguments
{
    /// <summary>The root-level keys the .NET host itself reads (<c>--environment Production</c>).</summary>
    public static readonly IReadOnlySet<string> HostKeys =
        new HashSet<string>(["environment", "applicationName", "contentRoot"], StringComparer.OrdinalIgnoreCase);

    private const string Expected =
        "serve takes --port N, --bind A, --admin-secret S and configuration keys with their section, " +
        "e.g. --Engine:Storage=postgres or --ConnectionStrings:Engine \"Host=…\"";

    /// <summary>The arguments with the friendly options rewritten.</summary>
    /// <exception cref="ArgumentException">A friendly option without its value, an argument that is not an option,
    /// or a key without a section that the host does not read.</exception>
    public static string[] ToConfiguration(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var friendly = arg switch
            {
                "--port" => "Engine:Port",
                "--bind" => "Engine:BindAddress",
                "--admin-secret" => "Engine:AdminSecret",
                _ => null,
            };
            if (friendly is not null)
            {
                if (i + 1 == args.Length) throw new ArgumentException($"{arg} needs a value.");
                result.Add($"--{friendly}={args[++i]}");
                continue;
            }
            var key = KeyOf(arg);
            if (!key.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(key))
            {
                throw new ArgumentException($"Unknown option {arg}: {Expected}.");
            }
            result.Add(arg);
            // "--key value": the value is the next argument, whatever it looks like.
            if (IsSwitch(arg) && !arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
            {
                result.Add(args[++i]);
            }
        }
        return [.. result];
    }

    // The forms .NET's command-line configuration reads: --key, /key (each with =value or a value next), key=value.
    private static string KeyOf(string arg)
    {
        var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..]
            : arg.StartsWith('/') ? arg[1..]
            : arg.Contains('=', StringComparison.Ordinal) ? arg
            : throw new ArgumentException($"Unexpected argument '{arg}': {Expected}.");
        var equals = body.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? body : body[..equals];
    }

    private static bool IsSwitch(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/');
}
