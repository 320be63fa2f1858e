namespace Engine.Scenarios;

/// <summary>What a label resolves to: the id to send and the institution the request is made for.</summary>
internal readonly record struct LabelTarget(string Id, string Institution);
