using System.Collections.Immutable;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.Contracts.Grains;

/// <summary>
/// A coordinating region (统筹区, key: region code) as an insured region: its benefit rules and settings in force
/// on a date, and its fund totals for clearing.
/// </summary>
[Alias("Engine.Contracts.Grains.IRegionGrain")]
public interface IRegionGrain : IGrainWithStringKey
{
    /// <summary>The region's benefit rules in force on <paramref name="date"/>, in reference order.</summary>
    [Alias("GetRulesInForceAsync")]
    Task<ImmutableArray<BenefitRule>> GetRulesInForceAsync(DateOnly date);

    /// <summary>The region's settings (defaults when it has none).</summary>
    [Alias("GetSettingsAsync")]
    Task<RegionSettings> GetSettingsAsync();

    /// <summary>The month's clearing lines of persons insured in this region, per treatment region.</summary>
    [Alias("GetClearingAsync")]
    Task<ImmutableArray<ClearingLine>> GetClearingAsync(int year, int month);
}
