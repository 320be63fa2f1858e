using System.Collections.Immutable;
using Engine.Accounting;
using Engine.Contracts.Grains;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.Grains;

/// <summary>
/// A coordinating region as an insured region. Its rules live in the versioned reference data (loaded through
/// <see cref="IReferenceGrain"/>, served from the silo cache) and its fund totals in the ledger; this grain is the
/// region's view of both. It keeps no state of its own, so it is never a bottleneck or a consistency risk.
/// </summary>
public sealed class RegionGrain(ReferenceCache references, ILedgerStore ledger) : Grain, IRegionGrain
{
    private string RegionCode => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<ImmutableArray<BenefitRule>> GetRulesInForceAsync(DateOnly date)
    {
        var snapshot = await references.EnsureCurrentAsync(minimumVersion: 0);
        return [.. snapshot.RulesOf(RegionCode).Where(rule => rule.IsInForceOn(date))];
    }

    /// <inheritdoc />
    public async Task<RegionSettings> GetSettingsAsync()
    {
        var snapshot = await references.EnsureCurrentAsync(minimumVersion: 0);
        return snapshot.SettingsOf(RegionCode);
    }

    /// <inheritdoc />
    public async Task<ImmutableArray<ClearingLine>> GetClearingAsync(int year, int month)
    {
        var lines = await ledger.ClearingAsync(year, month);
        return [.. lines.Where(line => string.Equals(line.InsuredRegion, RegionCode, StringComparison.Ordinal))];
    }
}
