using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;
using Engine.Settlement;

namespace Engine.Lifecycle;

/// <summary>1101 and reference loading.</summary>
public sealed partial class PersonLedger
{
    /// <summary>Does the engine know this person (a reference load gave a profile).</summary>
    public bool IsKnown => state.Profile is not null;

    /// <summary>
    /// 1101: the balance and the year's buckets with any non-zero figure, sorted by bucket. Answers for every
    /// known person whatever the status; the institution is not checked.
    /// </summary>
    public TransactionReply PersonInfo(int year)
    {
        if (state.Profile is null) return TransactionReply.Rejected(SettlementStatus.UnknownPerson);
        var buckets = state.Accumulators
            .Where(a => a.Key.Year == year && !a.Value.IsZero)
            .OrderBy(a => a.Key.Bucket, StringComparer.Ordinal)
            .Select(a => new AccumulatorFigures(
                year, a.Key.Bucket, a.Value.DeductibleUsed, a.Value.FundPaid, a.Value.CivilServantPaid))
            .ToImmutableArray();
        return TransactionReply.Ok with { Person = new PersonFigures(state.AccountBalance, buckets) };
    }

    /// <summary>
    /// Loads a person from reference data: the profile always; the starting balance and accumulators only when
    /// the engine does not know the person yet, so a reload never resets what the engine recorded.
    /// </summary>
    public void Load(PersonSeed seed)
    {
        Invariant.Assert(string.Equals(seed.Profile.PsnNo, PsnNo, StringComparison.Ordinal));
        var isNew = state.Profile is null;
        state.Profile = seed.Profile;
        if (!isNew) return;
        state.AccountBalance = seed.AccountBalance;
        foreach (var figures in seed.Accumulators)
        {
            state.Accumulators[new YearBucket(figures.Year, figures.Bucket)] =
                new AccumulatorTotals(figures.DeductibleUsed, figures.FundPaid, figures.CivilServantPaid);
        }
    }
}
