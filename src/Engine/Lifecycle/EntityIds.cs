using System.Globalization;

namespace Engine.Lifecycle;

/// <summary>
/// Visit and settlement ids carry their person: <c>{psnNo}-V{n}</c> and <c>{psnNo}-S{n}</c>, so a gateway routes a
/// visit-named transaction to the person's grain with no look-up. The sequence is the person's own counter.
/// </summary>
public static class EntityIds
{
    /// <summary>A new visit id.</summary>
    public static string Visit(string psnNo, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{psnNo}-V{sequence}");

    /// <summary>A new settlement id.</summary>
    public static string Settlement(string psnNo, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{psnNo}-S{sequence}");

    /// <summary>The sequence number of one of our ids (the person's counter when it was issued), or -1.</summary>
    public static long SequenceOf(string id)
    {
        var dash = id.LastIndexOf('-');
        return dash >= 0 && long.TryParse(id.AsSpan(dash + 2), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : -1;
    }

    /// <summary>The person of a visit or settlement id, or null when the id is not one of ours.</summary>
    public static string? PersonOf(string? id)
    {
        if (string.IsNullOrEmpty(id)) return null;
        var dash = id.LastIndexOf('-');
        if (dash <= 0 || dash + 2 >= id.Length) return null;
        var kind = id[dash + 1];
        if (kind != 'V' && kind != 'S') return null;
        foreach (var c in id.AsSpan(dash + 2))
        {
            if (!char.IsAsciiDigit(c)) return null;
        }
        return id[..dash];
    }
}
