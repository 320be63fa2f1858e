namespace Engine.Contracts.Domain;

/// <summary>
/// The type of a cross-region filing (备案). The order of the values is the tie-break order of rules.md §2:
/// on equal reductions the lower value wins.
/// </summary>
public enum FilingType : byte
{
    /// <summary>"LT_RETIRE": retired and settled in another region.</summary>
    LongTermRetire = 0,

    /// <summary>"LT_RESIDE": long-term residence.</summary>
    LongTermReside = 1,

    /// <summary>"LT_WORK": posted to work in another region.</summary>
    LongTermWork = 2,

    /// <summary>"TMP_REFERRAL": referral.</summary>
    TemporaryReferral = 3,

    /// <summary>"TMP_EMERGENCY": emergency.</summary>
    TemporaryEmergency = 4,

    /// <summary>"TMP_OTHER": other temporary visit.</summary>
    TemporaryOther = 5,
}
