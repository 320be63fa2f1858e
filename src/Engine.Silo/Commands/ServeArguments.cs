namespace Engine.Silo.Commands;

/// <summary>
/// Translates the friendly options of <c>serve</c> (<c>--port N</c>, <c>--bind A</c>, <c>--admin-secret S</c>) into
/// configuration keys; every other argument passes through as .NET command-line configuration.
/// </summary>
public static class ServeArguments
{
    /// <summary>The arguments with the friendly options rewritten.</summary>
    public static string[] ToConfiguration(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var key = args[i] switch
            {
                "--port" => "Engine:Port",
                "--bind" => "Engine:BindAddress",
                "--admin-secret" => "Engine:AdminSecret",
                _ => null,
            };
            if (key is not null && i + 1 < args.Length)
            {
                result.Add($"--{key}={args[++i]}");
            }
            else
            {
                result.Add(args[i]);
            }
        }
        return [.. result];
    }
}
