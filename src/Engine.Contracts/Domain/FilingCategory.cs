namespace Engine.Contracts.Domain;

/// <summary>The filing category of a visit (rules.md §2), fixed at registration.</summary>
public enum FilingCategory : byte
{
    /// <summary>"LOCAL": the insured region covers the institution's region.</summary>
    Local = 0,

    /// <summary>"IN_PROVINCE": same province, no filing needed.</summary>
    InProvince = 1,

    /// <summary>"ZONE": a no-filing zone covers the visit.</summary>
    Zone = 2,

    /// <summary>"LT_RETIRE".</summary>
    LongTermRetire = 3,

    /// <summary>"LT_RESIDE".</summary>
    LongTermReside = 4,

    /// <summary>"LT_WORK".</summary>
    LongTermWork = 5,

    /// <summary>"TMP_REFERRAL".</summary>
    TemporaryReferral = 6,

    /// <summary>"TMP_EMERGENCY".</summary>
    TemporaryEmergency = 7,

    /// <summary>"TMP_OTHER".</summary>
    TemporaryOther = 8,

    // Last value: TemporaryOther = 8. Update this line when appending.
}
