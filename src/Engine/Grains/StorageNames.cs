namespace Engine.Grains;

/// <summary>The names of the grain storage providers the grains persist to.</summary>
public static class StorageNames
{
    /// <summary>Person state: one row per insured person.</summary>
    public const string Persons = "persons";

    /// <summary>Reference data: one row for the cluster.</summary>
    public const string Reference = "reference";
}
