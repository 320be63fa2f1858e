using System.Collections.Immutable;
using System.Text.Json;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;

namespace Engine.Scenarios;

/// <summary>
/// Reads one step (scenario-format.md §3). The op must be known. Its members are read leniently about absence and
/// strictly about form: a member that is absent or null gets its "missing" value so that the engine, not the file
/// reader, answers <c>INVALID_REQUEST</c>; a member present with the wrong JSON type or an unparseable value is a
/// <see cref="ScenarioFormatException"/>. A well-formed number outside what its type can hold (a negative quantity)
/// also gets the missing value: it is out of range, which is the engine's to reject. <c>expect</c> is ignored.
/// </summary>
internal static class StepParser
{
    private static readonly string OpsExpected =
        "one of " + string.Join(", ", ScenarioOps.All.Select(JsonValues.Quote));

    private const string MoneyExpected = "a JSON number with at most two decimals";

    private const string QuantityExpected = "a JSON number with at most four decimals";

    private static readonly decimal YuanMax = Money.FenMax / (decimal)Money.FenPerYuan;

    private static readonly decimal QuantityMax = Quantity.TenThousandthsMax / (decimal)Quantity.TenThousandthsPerUnit;

    public static ScenarioStep Parse(JsonElement element, string path, int index)
    {
        var step = new JsonObjectReader(element, path);
        var op = step.RequiredString("op");
        return op switch
        {
            ScenarioOps.PersonInfo => new PersonInfoStep(
                index, Text(step, "institution"), Text(step, "psnNo"), Whole(step, "year")),
            ScenarioOps.Register => new RegisterStep(
                index,
                step.OptionalString("label"),
                Text(step, "msgId"),
                Text(step, "institution"),
                Text(step, "psnNo"),
                step.OptionalCode<MedType>("medType", DomainCodes.TryParse, ScenarioCodes.MedTypes) ?? MedType.None,
                step.OptionalString("disease"),
                step.OptionalBoolean("emergency") ?? false,
                Time(step, "at")),
            ScenarioOps.CancelRegistration => new CancelRegistrationStep(
                index, Text(step, "visit"), Text(step, "msgId"), Time(step, "at")),
            ScenarioOps.UploadFees => new UploadFeesStep(
                index, Text(step, "visit"), Text(step, "msgId"), Text(step, "batch"), Time(step, "at"), Lines(step)),
            ScenarioOps.CancelFees => new CancelFeesStep(
                index, Text(step, "visit"), Text(step, "msgId"), Text(step, "batch"), Time(step, "at")),
            ScenarioOps.PreSettle => new PreSettleStep(
                index, Text(step, "visit"), Text(step, "msgId"), Flag(step, "useAccount"), Time(step, "at")),
            ScenarioOps.Settle => new SettleStep(
                index,
                step.OptionalString("label"),
                Text(step, "visit"),
                Text(step, "msgId"),
                Flag(step, "useAccount"),
                Time(step, "at")),
            ScenarioOps.CancelSettlement => new CancelSettlementStep(
                index, Text(step, "settlement"), Text(step, "msgId"), Time(step, "at")),
            ScenarioOps.Reverse => new ReverseStep(
                index,
                Text(step, "msgId"),
                Text(step, "institution"),
                Text(step, "originalMsgId"),
                Text(step, "originalOp"),
                Time(step, "at")),
            ScenarioOps.Reconcile => Reconcile(step, index),
            _ => throw JsonValues.Expected(step.PathOf("op"), OpsExpected, step.Required("op")),
        };
    }

    private static ReconcileStep Reconcile(JsonObjectReader step, int index)
    {
        var date = step.TryGet("date", out var value) ? JsonValues.Date(value, step.PathOf("date")) : default;
        return new ReconcileStep(
            index,
            Text(step, "institution"),
            date,
            Whole(step, "count"),
            Amount(step, "medfeeSum"),
            Amount(step, "fundPaySum"),
            Amount(step, "acctPaySum"));
    }

    private static ImmutableArray<FeeLine> Lines(JsonObjectReader step) =>
    [
        .. step.OptionalArray("lines").Select(item =>
        {
            var line = new JsonObjectReader(item.Element, item.Path);
            return new FeeLine(
                Whole(line, "lineNo"),
                Text(line, "code"),
                Measure(line, "quantity"),
                Measure(line, "unitPrice"),
                Amount(line, "amount"));
        }),
    ];

    private static string Text(JsonObjectReader step, string name) => step.OptionalString(name) ?? "";

    private static bool Flag(JsonObjectReader step, string name) => step.OptionalBoolean(name) ?? false;

    private static DateTime Time(JsonObjectReader step, string name) =>
        step.TryGet(name, out var value) ? JsonValues.Time(value, step.PathOf(name)) : default;

    private static int Whole(JsonObjectReader step, string name) =>
        step.TryGet(name, out var value) ? JsonValues.IntegerOrOutOfRange(value, step.PathOf(name)) ?? 0 : 0;

    /// <summary>Money in yuan with at most two decimals. A negative amount is kept: it is the engine's to reject.
    /// </summary>
    private static Money Amount(JsonObjectReader step, string name)
    {
        if (!step.TryGet(name, out var value)) return Money.Zero;
        var yuan = JsonValues.Number(value, step.PathOf(name), decimalsMax: 2, MoneyExpected);
        return Math.Abs(yuan) <= YuanMax ? Money.FromYuan(yuan) : Money.Zero;
    }

    /// <summary>A quantity or unit price with at most four decimals; a negative one cannot be held: 0.</summary>
    private static Quantity Measure(JsonObjectReader step, string name)
    {
        if (!step.TryGet(name, out var value)) return default;
        var number = JsonValues.Number(value, step.PathOf(name), decimalsMax: 4, QuantityExpected);
        return number >= 0 && number <= QuantityMax ? Quantity.FromDecimal(number) : default;
    }
}
