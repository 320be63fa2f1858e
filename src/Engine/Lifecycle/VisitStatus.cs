namespace Engine.Lifecycle;

/// <summary>Visit states of rules.md §7.</summary>
public enum VisitStatus : byte
{
    /// <summary>Open: fees may be uploaded, removed, pre-settled and settled.</summary>
    Registered = 0,

    /// <summary>Settled by an active settlement.</summary>
    Settled = 1,

    /// <summary>Registration cancelled by 2202.</summary>
    Cancelled = 2,
}
