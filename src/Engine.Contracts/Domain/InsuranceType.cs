namespace Engine.Contracts.Domain;

/// <summary>Insurance type (insutype). The value is the national code.</summary>
public enum InsuranceType : short
{
    /// <summary>Not given.</summary>
    None = 0,

    /// <summary>"310" 职工基本医疗保险, employee insurance.</summary>
    Employee = 310,

    /// <summary>"390" 城乡居民基本医疗保险, resident insurance.</summary>
    Resident = 390,
}
