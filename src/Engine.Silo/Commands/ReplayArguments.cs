using System.Diagnostics.CodeAnalysis;

namespace Engine.Silo.Commands;

/// <summary>The arguments of <c>replay</c>.</summary>
public sealed record ReplayArguments(string ScenarioPath, string? OutputPath, string? Target, string? AdminSecret)
{
    /// <summary>Parses <c>&lt;scenario.json&gt; [--out file] [--target host:port --admin-secret S]</c>.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out ReplayArguments? arguments, out string error)
    {
        arguments = null;
        error = "";
        string? path = null, output = null, target = null, secret = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--target" when i + 1 < args.Length:
                    target = args[++i];
                    break;
                case "--admin-secret" when i + 1 < args.Length:
                    secret = args[++i];
                    break;
                case var value when !value.StartsWith("--", StringComparison.Ordinal) && path is null:
                    path = value;
                    break;
                default:
                    error = $"replay: unexpected argument '{args[i]}'. " +
                        "Usage: replay <scenario.json> [--out <results.json>] [--target host:port --admin-secret S]";
                    return false;
            }
        }
        if (path is null)
        {
            error = "replay: the scenario file is missing. Usage: replay <scenario.json> [--out <results.json>]";
            return false;
        }
        arguments = new ReplayArguments(path, output, target, secret);
        return true;
    }
}
