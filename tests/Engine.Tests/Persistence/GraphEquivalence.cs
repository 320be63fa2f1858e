using System.Collections;
using System.Reflection;

namespace Engine.Tests.Persistence;

/// <summary>
/// Compares two object graphs by every instance field, public or private, the way a serializer sees them. Records'
/// <c>Equals</c> is not enough for stored state: it ignores a <see cref="DateTime"/>'s kind, compares the private
/// arrays behind <c>ImmutableArray</c> properties by reference, and cannot tell a default immutable array from an
/// empty one. Dictionaries are compared by comparer and by their entries in enumeration order; lists by their
/// elements (not their capacity). Reference identity is not compared: a decoded graph may hold two equal instances
/// where the original shared one.
/// </summary>
internal static class GraphEquivalence
{
    private const int ShownDifferencesMax = 20;

    /// <summary>Fails, listing every path where <paramref name="actual"/> differs from
    /// <paramref name="expected"/>.</summary>
    public static void AssertEquivalent(object? expected, object? actual)
    {
        var differences = Differences(expected, actual);
        Assert.True(differences.Count == 0,
            $"{differences.Count} differences:{Environment.NewLine}" +
            string.Join(Environment.NewLine, differences.Take(ShownDifferencesMax)));
    }

    /// <summary>The paths where the graphs differ, each with both values.</summary>
    public static IReadOnlyList<string> Differences(object? expected, object? actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "root", differences);
        return differences;
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: {Show(expected)} ≠ {Show(actual)}");
            }
            return;
        }
        var type = expected.GetType();
        if (type != actual.GetType())
        {
            differences.Add($"{path}: {type} ≠ {actual.GetType()}");
            return;
        }
        switch (expected)
        {
            case DateTime dateTime:
                var other = (DateTime)actual;
                if (dateTime.Ticks != other.Ticks || dateTime.Kind != other.Kind)
                {
                    differences.Add($"{path}: {dateTime:O} ({dateTime.Kind}) ≠ {other:O} ({other.Kind})");
                }
                return;
            case string or decimal or UInt128 or DateOnly or Enum:
            case var _ when type.IsPrimitive:
                if (!expected.Equals(actual)) differences.Add($"{path}: {Show(expected)} ≠ {Show(actual)}");
                return;
            case IDictionary dictionary:
                CompareDictionaries(dictionary, (IDictionary)actual, path, differences);
                return;
            // Not ImmutableArray<T> (a struct): its fields tell a default one from an empty one.
            case IList list when !type.IsValueType:
                CompareLists(list, (IList)actual, path, differences);
                return;
        }
        for (var declaring = type; declaring is not null && declaring != typeof(object); declaring = declaring.BaseType)
        {
            const BindingFlags Fields =
                BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var field in declaring.GetFields(Fields))
            {
                Compare(field.GetValue(expected), field.GetValue(actual), $"{path}.{MemberName(field)}", differences);
            }
        }
    }

    private static void CompareDictionaries(
        IDictionary expected, IDictionary actual, string path, List<string> differences)
    {
        var comparer = expected.GetType().GetProperty("Comparer")!;
        var expectedComparer = comparer.GetValue(expected);
        var actualComparer = comparer.GetValue(actual);
        if (!Equals(expectedComparer, actualComparer))
        {
            differences.Add($"{path}.Comparer: {expectedComparer} ≠ {actualComparer}");
        }
        if (expected.Count != actual.Count)
        {
            differences.Add($"{path}.Count: {expected.Count} ≠ {actual.Count}");
            return;
        }
        var expectedEntries = expected.GetEnumerator();
        var actualEntries = actual.GetEnumerator();
        for (var i = 0; expectedEntries.MoveNext() && actualEntries.MoveNext(); i++)
        {
            Compare(expectedEntries.Key, actualEntries.Key, $"{path}[#{i}].Key", differences);
            Compare(expectedEntries.Value, actualEntries.Value, $"{path}[{expectedEntries.Key}]", differences);
        }
    }

    private static void CompareLists(IList expected, IList actual, string path, List<string> differences)
    {
        if (expected.Count != actual.Count)
        {
            differences.Add($"{path}.Count: {expected.Count} ≠ {actual.Count}");
            return;
        }
        for (var i = 0; i < expected.Count; i++) Compare(expected[i], actual[i], $"{path}[{i}]", differences);
    }

    // "<Name>k__BackingField" → "Name".
    private static string MemberName(FieldInfo field) =>
        field.Name.StartsWith('<') ? field.Name[1..field.Name.IndexOf('>', StringComparison.Ordinal)] : field.Name;

    private static string Show(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
