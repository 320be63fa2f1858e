using System.Text.Json;
using Engine.Contracts;

namespace Engine.Scenarios;

/// <summary>
/// Reads the members of one JSON object, naming the member's path in every fault. <c>Required*</c> members must
/// be present and not null; <c>Optional*</c> members that are absent or null give null. A member present with
/// the wrong JSON type or an unparseable value is always a fault. Unknown members are ignored.
/// </summary>
internal readonly struct JsonObjectReader
{
    private readonly JsonElement element;

    /// <summary>Wraps <paramref name="element"/>, which must be a JSON object.</summary>
    public JsonObjectReader(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) throw JsonValues.Expected(path, "a JSON object", element);
        this.element = element;
        Path = path;
    }

    /// <summary>The object's own path.</summary>
    public string Path { get; }

    /// <summary>The path of member <paramref name="name"/>.</summary>
    public string PathOf(string name) => ScenarioPath.Member(Path, name);

    /// <summary>The member's value when it is present and not null.</summary>
    public bool TryGet(string name, out JsonElement value) =>
        element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The member's value; absent or null is a fault.</summary>
    public JsonElement Required(string name) =>
        TryGet(name, out var value)
            ? value
            : throw new ScenarioFormatException(PathOf(name), "required member is missing");

    public string RequiredString(string name) => JsonValues.String(Required(name), PathOf(name));

    /// <summary>A code or key: a present, non-empty string.</summary>
    public string RequiredKey(string name)
    {
        var text = RequiredString(name);
        if (text.Length == 0) throw JsonValues.Expected(PathOf(name), "a non-empty JSON string", Required(name));
        return text;
    }

    public string? OptionalString(string name) =>
        TryGet(name, out var value) ? JsonValues.String(value, PathOf(name)) : null;

    public bool RequiredBoolean(string name) => JsonValues.Boolean(Required(name), PathOf(name));

    public bool? OptionalBoolean(string name) =>
        TryGet(name, out var value) ? JsonValues.Boolean(value, PathOf(name)) : null;

    public int RequiredInteger(string name) => JsonValues.Integer(Required(name), PathOf(name));

    public Money RequiredMoney(string name) => JsonValues.Money(Required(name), PathOf(name));

    public Money? OptionalMoney(string name) =>
        TryGet(name, out var value) ? JsonValues.Money(value, PathOf(name)) : null;

    public Ratio RequiredRatio(string name) => JsonValues.Ratio(Required(name), PathOf(name));

    public Ratio? OptionalRatio(string name) =>
        TryGet(name, out var value) ? JsonValues.Ratio(value, PathOf(name)) : null;

    public DateOnly RequiredDate(string name) => JsonValues.Date(Required(name), PathOf(name));

    public DateOnly? OptionalDate(string name) =>
        TryGet(name, out var value) ? JsonValues.Date(value, PathOf(name)) : null;

    public T RequiredCode<T>(string name, JsonValues.CodeParser<T> parse, IReadOnlyList<string> allowed) =>
        JsonValues.Code(Required(name), PathOf(name), parse, allowed);

    public T? OptionalCode<T>(string name, JsonValues.CodeParser<T> parse, IReadOnlyList<string> allowed)
        where T : struct =>
        TryGet(name, out var value) ? JsonValues.Code(value, PathOf(name), parse, allowed) : null;

    /// <summary>The member as an object.</summary>
    public JsonObjectReader RequiredObject(string name) => new(Required(name), PathOf(name));

    /// <summary>The member as an object, or null when absent or null.</summary>
    public JsonObjectReader? OptionalObject(string name) =>
        TryGet(name, out var value) ? new JsonObjectReader(value, PathOf(name)) : null;

    /// <summary>The elements of an array member with their paths; absent or null is a fault.</summary>
    public IEnumerable<(JsonElement Element, string Path)> RequiredArray(string name) =>
        Elements(Required(name), PathOf(name));

    /// <summary>The elements of an array member with their paths; absent or null is no elements.</summary>
    public IEnumerable<(JsonElement Element, string Path)> OptionalArray(string name) =>
        TryGet(name, out var value) ? Elements(value, PathOf(name)) : [];

    /// <summary>The object's members in file order.</summary>
    public IEnumerable<(string Name, JsonElement Value, string Path)> Members()
    {
        var path = Path; // A lambda in a struct cannot capture this.
        return element.EnumerateObject()
            .Select(member => (member.Name, member.Value, ScenarioPath.Member(path, member.Name)));
    }

    /// <summary>The elements of <paramref name="array"/>, which must be a JSON array, with their paths.</summary>
    public static IEnumerable<(JsonElement Element, string Path)> Elements(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array) throw JsonValues.Expected(path, "a JSON array", array);
        return array.EnumerateArray().Select((item, index) => (item, ScenarioPath.Index(path, index)));
    }
}
