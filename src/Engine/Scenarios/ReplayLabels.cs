namespace Engine.Scenarios;

/// <summary>
/// The labels of one replay (scenario-format.md §3): each visit or settlement label maps to the id the engine
/// returned and to the institution that owns it. The latest step that defines a label wins; when that step was
/// rejected the label names nothing, but keeps the institution so that the engine can answer for the right one.
/// </summary>
internal sealed class ReplayLabels
{
    private readonly Dictionary<string, LabelTarget> visits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LabelTarget> settlements = new(StringComparer.Ordinal);

    /// <summary>Binds a register step's label; <paramref name="visitId"/> is null when it was rejected.</summary>
    public void DefineVisit(string? label, string institution, string? visitId) =>
        Define(visits, label, institution, visitId);

    /// <summary>Binds a settle step's label; the institution is the settled visit's.</summary>
    public void DefineSettlement(string? label, string institution, string? settlementId) =>
        Define(settlements, label, institution, settlementId);

    /// <summary>The visit id and institution to send for a visit label.</summary>
    public LabelTarget ResolveVisit(string label) => Resolve(visits, label);

    /// <summary>The settlement id and institution to send for a settlement label.</summary>
    public LabelTarget ResolveSettlement(string label) => Resolve(settlements, label);

    private static void Define(Dictionary<string, LabelTarget> labels, string? label, string institution, string? id)
    {
        if (string.IsNullOrEmpty(label)) return; // Nothing later can name an unlabelled step.
        labels[label] = new LabelTarget(string.IsNullOrEmpty(id) ? UnknownId(label) : id, institution);
    }

    private static LabelTarget Resolve(Dictionary<string, LabelTarget> labels, string label)
    {
        // A missing label is sent as a missing id, so the engine answers INVALID_REQUEST as for any missing member.
        if (label.Length == 0) return new LabelTarget("", "");
        return labels.TryGetValue(label, out var target) ? target : new LabelTarget(UnknownId(label), "");
    }

    // Engine ids never start with '?', so this matches nothing and the engine answers UNKNOWN_VISIT or
    // UNKNOWN_SETTLEMENT itself: the replayer does not decide rejections.
    private static string UnknownId(string label) => ScenarioReplayer.UnknownIdPrefix + label;
}
