using System.Globalization;

namespace Engine.Scenarios;

/// <summary>Builds the JSON paths that name a fault in a scenario file (<c>$.steps[3].lines[0].amount</c>).</summary>
internal static class ScenarioPath
{
    /// <summary>The document itself.</summary>
    public const string Root = "$";

    /// <summary>The path of member <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Member(string parent, string name)
    {
        // Keys that are data, such as the institution levels "1" to "3", are not identifiers: use bracket notation.
        if (IsIdentifier(name)) return parent + "." + name;
        return parent + "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("'", "\\'", StringComparison.Ordinal) + "']";
    }

    /// <summary>The path of element <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var character in name)
        {
            if (!(char.IsAsciiLetterOrDigit(character) || character == '_')) return false;
        }
        return true;
    }
}
