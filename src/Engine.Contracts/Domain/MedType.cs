namespace Engine.Contracts.Domain;

/// <summary>Outpatient medical type (med_type). The value is the national code.</summary>
public enum MedType : byte
{
    /// <summary>Not given; invalid in a request.</summary>
    None = 0,

    /// <summary>"11" 普通门诊, general outpatient.</summary>
    General = 11,

    /// <summary>"14" 门诊慢特病, chronic/special-disease outpatient; needs a disease code.</summary>
    Chronic = 14,
}
