using Engine.Contracts;
using Engine.Contracts.Domain;

namespace Engine.Reference;

/// <summary>
/// An insured region's settings (scenario-format.md §2). Every member is optional in the reference file;
/// <see cref="Default"/> holds the contract's defaults.
/// </summary>
[GenerateSerializer, Immutable, Alias("Engine.Reference.RegionSettings")]
public sealed record RegionSettings
{
    /// <summary>The defaults of scenario-format.md §2: TreatAsTemporary, RatioPoints, 0.10/0.10/0.20, 0.20, true.</summary>
    public static RegionSettings Default { get; } = new();

    /// <summary>What a cross-province visit without a valid filing gets.</summary>
    [Id(0)] public UnfiledPolicy Unfiled { get; init; } = UnfiledPolicy.TreatAsTemporary;

    /// <summary>How a temporary category's reduction is applied.</summary>
    [Id(1)] public ReductionMode ReductionMode { get; init; } = ReductionMode.RatioPoints;

    /// <summary>Reduction of TMP_REFERRAL.</summary>
    [Id(2)] public Ratio ReductionReferral { get; init; } = Ratio.FromBps(1_000);

    /// <summary>Reduction of TMP_EMERGENCY.</summary>
    [Id(3)] public Ratio ReductionEmergency { get; init; } = Ratio.FromBps(1_000);

    /// <summary>Reduction of TMP_OTHER.</summary>
    [Id(4)] public Ratio ReductionOther { get; init; } = Ratio.FromBps(2_000);

    /// <summary>The civil-servant supplement ratio s; 0 turns the supplement off.</summary>
    [Id(5)] public Ratio CivilServantRatio { get; init; } = Ratio.FromBps(2_000);

    /// <summary>Whether a visit in the same province needs no filing.</summary>
    [Id(6)] public bool InProvinceNoFiling { get; init; } = true;

    /// <summary>The reduction a category takes (rules.md §3): only the temporary categories have one.</summary>
    public Ratio ReductionFor(FilingCategory category) => category switch
    {
        FilingCategory.TemporaryReferral => ReductionReferral,
        FilingCategory.TemporaryEmergency => ReductionEmergency,
        FilingCategory.TemporaryOther => ReductionOther,
        FilingCategory.Local or FilingCategory.InProvince or FilingCategory.Zone or FilingCategory.LongTermRetire
            or FilingCategory.LongTermReside or FilingCategory.LongTermWork => Ratio.Zero,
    };
}
