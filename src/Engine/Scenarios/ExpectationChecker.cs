using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engine.Scenarios;

/// <summary>
/// Compares the <c>expect</c> member of each step of a scenario file with the results document of a replay.
/// An expectation names members of the step's result entry (<c>status</c>, <c>error</c>, <c>settlement</c>,
/// <c>lines</c>, <c>person</c>, <c>reconciliation</c>): only the members it gives are compared, at every depth.
/// Numbers compare by exact decimal value (<c>-0.0</c> equals <c>0.00</c>, <c>184.0</c> equals <c>184.00</c>), text
/// exactly, and arrays as lists: the same length, then each element's given members.
/// </summary>
public static class ExpectationChecker
{
    /// <summary>How a mismatch shows a member the results do not have.</summary>
    public const string Absent = "(absent)";

    private static readonly string StepsPath = ScenarioPath.Member(ScenarioPath.Root, "steps");

    /// <summary>Checks a scenario file against a replay's results.</summary>
    public static ImmutableArray<ExpectationMismatch> Check(JsonDocument scenario, ResultsDocument results)
    {
        // Comparing against the written document checks what a reader of the results would see, format included.
        using var written = JsonDocument.Parse(ResultsDocumentWriter.ToJson(results, indented: false));
        return Check(scenario.RootElement, written.RootElement);
    }

    /// <summary>Checks a scenario file's root against a results document's root, as JSON.</summary>
    public static ImmutableArray<ExpectationMismatch> Check(JsonElement scenario, JsonElement results)
    {
        var resultsByStep = IndexResults(results);
        var mismatches = ImmutableArray.CreateBuilder<ExpectationMismatch>();
        if (scenario.ValueKind != JsonValueKind.Object
            || !scenario.TryGetProperty("steps", out var steps)
            || steps.ValueKind != JsonValueKind.Array)
        {
            return mismatches.ToImmutable();
        }
        var index = 0;
        foreach (var step in steps.EnumerateArray())
        {
            if (step.ValueKind == JsonValueKind.Object
                && step.TryGetProperty("expect", out var expect)
                && expect.ValueKind != JsonValueKind.Null) // "expect": null expects nothing, like no expect.
            {
                var path = ScenarioPath.Member(ScenarioPath.Index(StepsPath, index), "expect");
                var context = new Context(index, mismatches);
                if (resultsByStep.TryGetValue(index, out var result))
                {
                    Compare(context, path, expect, result);
                }
                else
                {
                    context.Add(path, Compact(expect), "(no result for this step)");
                }
            }
            index++;
        }
        return mismatches.ToImmutable();
    }

    private static Dictionary<int, JsonElement> IndexResults(JsonElement results)
    {
        var byStep = new Dictionary<int, JsonElement>();
        if (results.ValueKind != JsonValueKind.Object
            || !results.TryGetProperty("results", out var entries)
            || entries.ValueKind != JsonValueKind.Array)
        {
            return byStep;
        }
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("step", out var step)
                && step.TryGetInt32(out var stepIndex))
            {
                byStep.TryAdd(stepIndex, entry);
            }
        }
        return byStep;
    }

    private static void Compare(Context context, string path, JsonElement expected, JsonElement actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object when actual.ValueKind == JsonValueKind.Object:
                foreach (var member in expected.EnumerateObject())
                {
                    var memberPath = ScenarioPath.Member(path, member.Name);
                    if (actual.TryGetProperty(member.Name, out var actualMember))
                    {
                        Compare(context, memberPath, member.Value, actualMember);
                    }
                    else
                    {
                        context.Add(memberPath, Compact(member.Value), Absent);
                    }
                }
                break;
            case JsonValueKind.Array when actual.ValueKind == JsonValueKind.Array:
                CompareArrays(context, path, expected, actual);
                break;
            default:
                if (!ScalarsEqual(expected, actual)) context.Add(path, Compact(expected), Compact(actual));
                break;
        }
    }

    private static void CompareArrays(Context context, string path, JsonElement expected, JsonElement actual)
    {
        if (expected.GetArrayLength() != actual.GetArrayLength())
        {
            context.Add(path, Compact(expected), Compact(actual));
            return;
        }
        var index = 0;
        foreach (var (expectedItem, actualItem) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
        {
            Compare(context, ScenarioPath.Index(path, index), expectedItem, actualItem);
            index++;
        }
    }

    private static bool ScalarsEqual(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind != actual.ValueKind) return false;
        return expected.ValueKind switch
        {
            JsonValueKind.Number => NumbersEqual(expected, actual),
            JsonValueKind.String => string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => true,
            _ => false, // An expected object or array met a scalar.
        };
    }

    private static bool NumbersEqual(JsonElement expected, JsonElement actual)
    {
        var style = NumberStyles.Float;
        var culture = CultureInfo.InvariantCulture;
        if (decimal.TryParse(expected.GetRawText(), style, culture, out var expectedValue)
            && decimal.TryParse(actual.GetRawText(), style, culture, out var actualValue))
        {
            return expectedValue == actualValue;
        }
        return expected.GetRawText() == actual.GetRawText(); // Beyond decimal's range: compare the text.
    }

    /// <summary>A value as compact JSON text, whatever the layout of the file it came from.</summary>
    private static string Compact(JsonElement value)
    {
        using var stream = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = ResultsDocumentWriter.Encoder };
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private readonly record struct Context(int Step, ImmutableArray<ExpectationMismatch>.Builder Mismatches)
    {
        public void Add(string path, string expected, string actual) =>
            Mismatches.Add(new ExpectationMismatch(Step, path, expected, actual));
    }
}
