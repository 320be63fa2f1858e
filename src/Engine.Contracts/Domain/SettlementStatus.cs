namespace Engine.Contracts.Domain;

/// <summary>
/// Business outcome codes of scenario-format.md §4. Numbered, append-only: never renumber a member, because
/// the number is on the wire and in stored replies. <see cref="Ok"/> is the only success.
/// </summary>
public enum SettlementStatus : ushort
{
    /// <summary>Success.</summary>
    Ok = 0,

    /// <summary>"INVALID_REQUEST": a required member is missing or out of range.</summary>
    InvalidRequest = 1,

    /// <summary>"UNKNOWN_PERSON".</summary>
    UnknownPerson = 2,

    /// <summary>"NOT_INSURED": the person's status is not ACTIVE.</summary>
    NotInsured = 3,

    /// <summary>"UNKNOWN_INSTITUTION".</summary>
    UnknownInstitution = 4,

    /// <summary>"INSTITUTION_NOT_NETWORKED": cross-province visit at an institution not opened for it.</summary>
    InstitutionNotNetworked = 5,

    /// <summary>"NO_VALID_FILING".</summary>
    NoValidFiling = 6,

    /// <summary>"NO_CHRONIC_QUALIFICATION".</summary>
    NoChronicQualification = 7,

    /// <summary>"INSTITUTION_NOT_DESIGNATED".</summary>
    InstitutionNotDesignated = 8,

    /// <summary>"NO_POLICY": no benefit rule in force.</summary>
    NoPolicy = 9,

    /// <summary>"UNKNOWN_VISIT".</summary>
    UnknownVisit = 10,

    /// <summary>"UNKNOWN_SETTLEMENT".</summary>
    UnknownSettlement = 11,

    /// <summary>"VISIT_NOT_OPEN".</summary>
    VisitNotOpen = 12,

    /// <summary>"NO_FEES".</summary>
    NoFees = 13,

    /// <summary>"ALREADY_CANCELLED".</summary>
    AlreadyCancelled = 14,

    /// <summary>"DUPLICATE_MSGID".</summary>
    DuplicateMsgId = 15,

    /// <summary>"REVERSED_MSGID".</summary>
    ReversedMsgId = 16,

    /// <summary>
    /// "OUTCOME_UNKNOWN": set by the gateway only, when a grain call failed or timed out. Transient: retry
    /// with the same msgId, and send 2601 if the outcome stays unknown.
    /// </summary>
    OutcomeUnknown = 17,

    // Last value: OutcomeUnknown = 17. Update this line when appending.
}
