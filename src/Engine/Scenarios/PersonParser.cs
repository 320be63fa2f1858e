using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.Scenarios;

/// <summary>
/// Reads one insured person of the reference (scenario-format.md §2, persons). <c>filings</c>, <c>chronic</c> and
/// <c>accumulators</c> may be absent (empty), <c>accountBalance</c> absent is 0 and <c>civilServant</c> absent is
/// false; everything else is required.
/// </summary>
internal static class PersonParser
{
    public static PersonSeed Parse(JsonObjectReader person)
    {
        var profile = new PersonProfile(
            person.RequiredKey("psnNo"),
            person.RequiredString("name"),
            person.RequiredKey("insuredRegion"),
            person.RequiredCode<InsuranceType>("insuranceType", DomainCodes.TryParse, ScenarioCodes.InsuranceTypes),
            person.RequiredCode<PersonGroup>("personGroup", DomainCodes.TryParse, ScenarioCodes.PersonGroups),
            person.OptionalBoolean("civilServant") ?? false,
            person.RequiredCode<PersonStatus>("status", DomainCodes.TryParse, ScenarioCodes.PersonStatuses),
            [.. person.OptionalArray("filings").Select(item => ParseFiling(new(item.Element, item.Path)))],
            [.. person.OptionalArray("chronic").Select(item => ParseChronic(new(item.Element, item.Path)))]);
        var balance = person.OptionalMoney("accountBalance") ?? Money.Zero;
        return new PersonSeed(profile, balance, ParseAccumulators(person));
    }

    private static Filing ParseFiling(JsonObjectReader filing)
    {
        var type = filing.RequiredCode<FilingType>("type", DomainCodes.TryParse, ScenarioCodes.FilingTypes);
        var destination = filing.RequiredKey("destination");
        var (from, to) = ReferenceParser.ParseWindow(filing, "from", "to");
        return new Filing(type, destination, from, to);
    }

    private static ChronicQualification ParseChronic(JsonObjectReader qualification)
    {
        var disease = qualification.RequiredKey("disease");
        var (from, to) = ReferenceParser.ParseWindow(qualification, "from", "to");
        return new ChronicQualification(disease, from, to);
    }

    private static ImmutableArray<AccumulatorFigures> ParseAccumulators(JsonObjectReader person)
    {
        var accumulators = person.OptionalArray("accumulators")
            .Select(item => (Value: ParseAccumulator(new JsonObjectReader(item.Element, item.Path)), item.Path))
            .ToList();
        // Two starting figures for one bucket of one year would leave the engine to guess which one holds.
        ReferenceParser.CheckUnique(
            accumulators, figures => $"{figures.Year} {figures.Bucket}", "bucket", "year and bucket");
        return [.. accumulators.Select(accumulator => accumulator.Value)];
    }

    private static AccumulatorFigures ParseAccumulator(JsonObjectReader accumulator)
    {
        var year = accumulator.RequiredInteger("year");
        if (year is < 1 or > 9999)
        {
            throw JsonValues.Expected(
                accumulator.PathOf("year"), "a year from 1 to 9999", accumulator.Required("year"));
        }
        var bucket = accumulator.RequiredKey("bucket");
        var isChronic = bucket.StartsWith(ScenarioCodes.ChronicBucketPrefix, StringComparison.Ordinal)
            && bucket.Length > ScenarioCodes.ChronicBucketPrefix.Length;
        if (bucket != ScenarioCodes.GeneralBucket && !isChronic)
        {
            throw JsonValues.Expected(
                accumulator.PathOf("bucket"), "\"GEN_OTP\" or \"OPSP:<disease>\"", accumulator.Required("bucket"));
        }
        return new AccumulatorFigures(
            year,
            bucket,
            accumulator.RequiredMoney("deductibleUsed"),
            accumulator.RequiredMoney("fundPaid"),
            accumulator.OptionalMoney("civilServantPaid") ?? Money.Zero);
    }
}
