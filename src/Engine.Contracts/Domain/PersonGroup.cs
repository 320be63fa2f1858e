namespace Engine.Contracts.Domain;

/// <summary>The person group a benefit rule is written for. <see cref="Any"/> appears only in rules.</summary>
public enum PersonGroup : byte
{
    /// <summary>"ANY": a rule for every group; an exact group beats it.</summary>
    Any = 0,

    /// <summary>"ACTIVE": working employee.</summary>
    Active = 1,

    /// <summary>"RETIRED": retired employee.</summary>
    Retired = 2,

    /// <summary>"RESIDENT": resident insurance.</summary>
    Resident = 3,
}
