namespace Engine.Lifecycle;

/// <summary>The state of a settlement.</summary>
public enum SettlementState : byte
{
    /// <summary>Committed and in force.</summary>
    Active = 0,

    /// <summary>Cancelled by 2208 (may become active again by a 2601 of that 2208).</summary>
    Cancelled = 1,

    /// <summary>Reversed by a 2601 of its 2207: as if it never happened.</summary>
    Reversed = 2,
}
