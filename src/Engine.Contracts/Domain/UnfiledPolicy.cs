namespace Engine.Contracts.Domain;

/// <summary>What an insured region does with a cross-province visit that has no valid filing.</summary>
public enum UnfiledPolicy : byte
{
    /// <summary>"TreatAsTemporary": settle as TMP_OTHER with its reduction (the default).</summary>
    TreatAsTemporary = 0,

    /// <summary>"Reject": NO_VALID_FILING.</summary>
    Reject = 1,
}
