using System.Collections.Concurrent;
using Engine.Client;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.LoadTests.Chaos;

/// <summary>The verifier's checks through the engine's messages: 1101 per person, 9103 per institution and day,
/// 9102 per month.</summary>
internal sealed partial class Verifier
{
    private const int PersonInfoParallelism = 16;
    private const string GeneralBucket = "GEN_OTP";

    private async Task CheckPersonsAsync(SettlementClient client, CancellationToken cancellationToken)
    {
        // Every standing row, earlier runs' too: a person's seed applies only when the engine first learns of them.
        var standing = ledger.Where(r => !r.Retracted).GroupBy(r => r.PsnNo, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var persons = records.Select(r => r.PsnNo).Distinct(StringComparer.Ordinal).ToList();
        var seeds = population.Reference.Persons.ToDictionary(p => p.Profile.PsnNo, StringComparer.Ordinal);
        var years = records.Select(r => r.BusinessAt.Year).Distinct().ToList();
        var mismatches = new ConcurrentQueue<string>();
        var caps = 0;
        await Parallel.ForEachAsync(persons, new ParallelOptions
        {
            MaxDegreeOfParallelism = PersonInfoParallelism,
            CancellationToken = cancellationToken,
        }, async (psnNo, ct) =>
        {
            var seed = seeds[psnNo];
            var mine = standing.GetValueOrDefault(psnNo) ?? [];
            long? actualBalance = null;
            foreach (var year in years)
            {
                var reply = await client.PersonInfoAsync(new PersonInfoRequest(client.Institution, psnNo, year), ct);
                if (!reply.IsOk || reply.Person is null)
                {
                    mismatches.Enqueue($"1101 of {psnNo} answered {Text(reply.Status)}");
                    continue;
                }
                actualBalance ??= reply.Person.AccountBalance.Fen;
                var expected = Accumulator(seed, year);
                var inYear = mine.Where(r => r.BusinessDay.Year == year).ToList();
                var fundPaid = expected.FundPaid.Fen + inYear.Sum(r => r.PooledFundFen);
                var civilServant = expected.CivilServantPaid.Fen + inYear.Sum(r => r.CivilServantFen);
                var actual = reply.Person.Accumulators.FirstOrDefault(a => a.Year == year && a.Bucket == GeneralBucket);
                if ((actual?.FundPaid.Fen ?? 0) != fundPaid || (actual?.CivilServantPaid.Fen ?? 0) != civilServant)
                {
                    mismatches.Enqueue($"{psnNo} {year}: fundPaid {actual?.FundPaid.Fen} (ledger says {fundPaid}), " +
                        $"civilServantPaid {actual?.CivilServantPaid.Fen} (ledger says {civilServant})");
                }
                if (inYear.TrueForAll(r => deductibleByEvent.ContainsKey(r.EventId)))
                {
                    var deductible = expected.DeductibleUsed.Fen + inYear.Sum(r => deductibleByEvent[r.EventId]);
                    if ((actual?.DeductibleUsed.Fen ?? 0) != deductible)
                    {
                        mismatches.Enqueue($"{psnNo} {year}: deductibleUsed {actual?.DeductibleUsed.Fen} " +
                            $"(replies say {deductible})");
                    }
                }
                if (Cap(seed.Profile) is { } cap && (actual?.FundPaid.Fen ?? 0) > cap.Fen)
                {
                    Interlocked.Increment(ref caps);
                    mismatches.Enqueue($"{psnNo} {year}: fundPaid {actual?.FundPaid.Fen} exceeds the cap {cap.Fen}");
                }
            }
            var balance = seed.AccountBalance.Fen - mine.Sum(r => r.AccountFen);
            if (actualBalance is { } balanceNow && balanceNow != balance)
            {
                mismatches.Enqueue($"{psnNo}: account balance {balanceNow} (ledger says {balance})");
            }
        });
        result.PersonsChecked = persons.Count;
        result.CapViolations = caps;
        result.AccumulatorMismatches = mismatches.Count - caps;
        foreach (var detail in mismatches) result.Violation(detail);
    }

    private static AccumulatorFigures Accumulator(PersonSeed seed, int year) =>
        seed.Accumulators.FirstOrDefault(a => a.Year == year && a.Bucket == GeneralBucket)
        ?? new AccumulatorFigures(year, GeneralBucket, Money.Zero, Money.Zero, Money.Zero);

    /// <summary>The annual cap of the person's general-outpatient rule: exact group before ANY.</summary>
    private Money? Cap(PersonProfile profile) =>
        population.Reference.Policies
            .Where(p => p.Region == profile.InsuredRegion && p.InsuranceType == profile.InsuranceType
                && p.MedType == MedType.General
                && (p.PersonGroup == profile.PersonGroup || p.PersonGroup == PersonGroup.Any))
            .OrderBy(p => p.PersonGroup == PersonGroup.Any ? 1 : 0)
            .Select(p => p.AnnualCap)
            .FirstOrDefault();

    /// <summary>9103 for every institution and day with standing rows: the engine's figures must equal the sums of
    /// the replies (rows no reply names count with their own figures).</summary>
    private async Task CheckReconciliationAsync(AdminClient admin, CancellationToken cancellationToken)
    {
        foreach (var group in expectedRows.Values.GroupBy(r => (r.Institution, r.BusinessDay)))
        {
            var count = group.Count();
            var medfee = group.Sum(r => r.MedfeeFen);
            var fundPay = group.Sum(r => r.FundPayFen);
            var account = group.Sum(r => r.AccountFen);
            var reply = await admin.ReconcileAnyAsync(new ReconcileRequest(group.Key.Institution,
                group.Key.BusinessDay, count, Fen(medfee), Fen(fundPay), Fen(account)), cancellationToken);
            result.ReconciliationsChecked++;
            var subject = $"9103 {group.Key.Institution} {group.Key.BusinessDay:yyyy-MM-dd}";
            if (reply.Reconciliation is not { } actual)
            {
                result.ReconciliationCountMismatches++;
                result.Violation($"{subject}: {Text(reply.Status)}");
                continue;
            }
            var fen = Math.Abs(actual.MedfeeSum.Fen - medfee) + Math.Abs(actual.FundPaySum.Fen - fundPay)
                + Math.Abs(actual.AcctPaySum.Fen - account);
            result.ReconciliationMismatchFen += fen;
            if (actual.Count != count) result.ReconciliationCountMismatches++;
            if (fen != 0 || actual.Count != count)
            {
                result.Violation($"{subject}: engine {actual.Count} rows " +
                    $"{actual.MedfeeSum.Fen}/{actual.FundPaySum.Fen}/{actual.AcctPaySum.Fen} fen, replies " +
                    $"{count} rows {medfee}/{fundPay}/{account} fen");
            }
        }
    }

    /// <summary>9102 for every month with standing rows: totals over all region pairs.</summary>
    private async Task CheckClearingAsync(AdminClient admin, CancellationToken cancellationToken)
    {
        foreach (var group in expectedRows.Values.GroupBy(r => (r.BusinessDay.Year, r.BusinessDay.Month)))
        {
            var lines = await admin.ClearingAsync(group.Key.Year, group.Key.Month, cancellationToken);
            result.ClearingMonthsChecked++;
            var count = group.Count();
            var fen = Math.Abs(lines.Sum(l => l.MedfeeSum.Fen) - group.Sum(r => r.MedfeeFen))
                + Math.Abs(lines.Sum(l => l.PooledFundSum.Fen) - group.Sum(r => r.PooledFundFen))
                + Math.Abs(lines.Sum(l => l.CivilServantSum.Fen) - group.Sum(r => r.CivilServantFen))
                + Math.Abs(lines.Sum(l => l.AccountSum.Fen) - group.Sum(r => r.AccountFen));
            result.ClearingMismatchFen += fen;
            var engineCount = lines.Sum(l => l.Count);
            if (engineCount != count) result.ClearingCountMismatches++;
            if (fen != 0 || engineCount != count)
            {
                result.Violation($"9102 {group.Key.Year}-{group.Key.Month:D2}: engine {engineCount} rows, replies " +
                    $"{count}; {fen} fen apart");
            }
        }
    }
}
