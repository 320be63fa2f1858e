using System.Collections.Immutable;

namespace Engine.Reference;

/// <summary>
/// Upserts a reference load into the current data by key (scenario-format.md, the replay command): regions by
/// code, rules by (region, insurance type, medType, disease, group, effectiveFrom), catalogue entries by
/// (region, code), institutions by code, zones by their member set. Order is kept: an updated item stays
/// where it was, a new one is appended, so "the first in the reference data wins" stays meaningful.
/// Persons are not merged here: their profiles go to the person grains.
/// </summary>
public static class ReferenceMerge
{
    /// <summary>The data after applying <paramref name="update"/> on top of <paramref name="current"/>.</summary>
    public static ReferenceData Apply(ReferenceData current, ReferenceData update) => new(
        Upsert(current.Regions, update.Regions, r => r.Code),
        Upsert(current.NoFilingZones, update.NoFilingZones,
            z => string.Join(",", z.Order(StringComparer.Ordinal))),
        Upsert(current.Policies, update.Policies,
            p => (p.Region, p.InsuranceType, p.MedType, p.Disease ?? "", p.PersonGroup, p.EffectiveFrom)),
        Upsert(current.Catalog, update.Catalog, c => (c.Region, c.Code)),
        Upsert(current.Institutions, update.Institutions, i => i.Code),
        []);

    private static ImmutableArray<T> Upsert<T, TKey>(
        ImmutableArray<T> current, ImmutableArray<T> update, Func<T, TKey> keyOf)
        where TKey : notnull
    {
        var items = new List<T>(current);
        var indexByKey = new Dictionary<TKey, int>();
        for (var i = 0; i < items.Count; i++)
        {
            indexByKey[keyOf(items[i])] = i;
        }
        foreach (var item in update)
        {
            var key = keyOf(item);
            if (indexByKey.TryGetValue(key, out var index))
            {
                items[index] = item;
            }
            else
            {
                indexByKey[key] = items.Count;
                items.Add(item);
            }
        }
        return [.. items];
    }
}
