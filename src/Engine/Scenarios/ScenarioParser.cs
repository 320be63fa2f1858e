using System.Collections.Immutable;
using System.Text.Json;

namespace Engine.Scenarios;

/// <summary>
/// Reads a scenario file (scenario-format.md §1–3) exactly: money, ratios and quantities are read from the
/// number's text into integers, never through binary floating point; dates and times have one format each.
/// Every fault in the file is a <see cref="ScenarioFormatException"/> whose message starts with its JSON path.
/// </summary>
public static class ScenarioParser
{
    /// <summary>
    /// The options a scenario file is read with: standard JSON only (no comments, no trailing commas) and no
    /// member named twice in one object, which would otherwise leave it to the reader which one counts.
    /// </summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads a UTF-8 scenario file.</summary>
    public static Scenario Parse(Stream utf8Json)
    {
        using var document = ParseDocument(utf8Json);
        return Parse(document);
    }

    /// <summary>Reads a scenario from JSON text.</summary>
    public static Scenario Parse(string json)
    {
        using var document = ParseDocument(json);
        return Parse(document);
    }

    /// <summary>Reads a scenario from a parsed document, which the caller may also give to the expectation check.
    /// </summary>
    public static Scenario Parse(JsonDocument document)
    {
        var root = new JsonObjectReader(document.RootElement, ScenarioPath.Root);
        var name = root.RequiredString("name");
        var reference = ReferenceParser.Parse(root.RequiredObject("reference"));
        var steps = root.RequiredArray("steps")
            .Select((item, index) => StepParser.Parse(item.Element, item.Path, index))
            .ToImmutableArray();
        return new Scenario(name, reference, steps);
    }

    /// <summary>
    /// Parses a UTF-8 file as JSON with <see cref="DocumentOptions"/>, for a caller that needs the document too
    /// (the expectation check reads its <c>expect</c> members). Malformed JSON is a fault at <c>$</c>.
    /// </summary>
    public static JsonDocument ParseDocument(Stream utf8Json) =>
        ParseDocument(() => JsonDocument.Parse(utf8Json, DocumentOptions));

    /// <summary>Parses JSON text with <see cref="DocumentOptions"/>; malformed JSON is a fault at <c>$</c>.</summary>
    public static JsonDocument ParseDocument(string json) =>
        ParseDocument(() => JsonDocument.Parse(json, DocumentOptions));

    private static JsonDocument ParseDocument(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException exception)
        {
            throw new ScenarioFormatException(ScenarioPath.Root, "not valid JSON: " + exception.Message, exception);
        }
    }
}
