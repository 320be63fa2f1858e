namespace Engine.Scenarios;

/// <summary>
/// A scenario file is not valid (scenario-format.md): the message starts with the JSON path of the fault,
/// e.g. <c>$.reference.persons[0].accountBalance: expected a JSON number with at most two decimals, got "abc"</c>.
/// The replay command prints it and exits non-zero without sending anything.
/// </summary>
public sealed class ScenarioFormatException : Exception
{
    /// <summary>An invalid scenario with no path.</summary>
    public ScenarioFormatException()
        : this("$", "invalid scenario")
    {
    }

    /// <summary>An invalid scenario, the fault described by <paramref name="message"/> alone.</summary>
    public ScenarioFormatException(string message)
        : base(message)
    {
        Path = "$";
        Detail = message;
    }

    /// <summary>An invalid scenario described by <paramref name="message"/>, caused by another error.</summary>
    public ScenarioFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "$";
        Detail = message;
    }

    /// <summary>An invalid member at <paramref name="path"/>; the message is <c>path: detail</c>.</summary>
    public ScenarioFormatException(string path, string detail, Exception? innerException = null)
        : base($"{path}: {detail}", innerException)
    {
        Path = path;
        Detail = detail;
    }

    /// <summary>The JSON path of the faulty member, e.g. <c>$.steps[3].at</c>.</summary>
    public string Path { get; }

    /// <summary>What is wrong there, without the path.</summary>
    public string Detail { get; }
}
