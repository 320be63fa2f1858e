namespace Engine.Contracts.Domain;

/// <summary>Insurance status of a person. Only <see cref="Active"/> may register a visit.</summary>
public enum PersonStatus : byte
{
    /// <summary>"ACTIVE".</summary>
    Active = 0,

    /// <summary>"SUSPENDED".</summary>
    Suspended = 1,
}
