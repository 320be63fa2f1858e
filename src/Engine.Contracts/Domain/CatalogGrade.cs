namespace Engine.Contracts.Domain;

/// <summary>Catalogue grade of a fee item (chrgitm_lv). The value is the national code.</summary>
public enum CatalogGrade : byte
{
    /// <summary>"01" 甲类: fully in scope.</summary>
    A = 1,

    /// <summary>"02" 乙类: in scope after a first self-pay share.</summary>
    B = 2,

    /// <summary>"03" 丙类: fully self-paid; also every code the catalogue does not cover.</summary>
    C = 3,
}
