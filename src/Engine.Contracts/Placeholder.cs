namespace Engine.Contracts;
/// <summary>Placeholder.</summary>
public static class Placeholder { }
