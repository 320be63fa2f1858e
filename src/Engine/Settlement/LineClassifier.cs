using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;

namespace Engine.Settlement;

/// <summary>Line classification of rules.md §4 step 1.</summary>
public static class LineClassifier
{
    /// <summary>
    /// Not catalogued or 丙类: fully self-paid. Otherwise over = max(0, a − R(quantity × priceCap)),
    /// allowed = a − over, pre = R(allowed × selfPayRatio), inscp = allowed − pre.
    /// </summary>
    public static ClassifiedLine Classify(FeeLine line, CatalogEntry? entry)
    {
        var amount = line.Amount;
        Invariant.Assert(amount > Money.Zero);
        if (entry is null || entry.Grade == CatalogGrade.C)
        {
            return new ClassifiedLine(line.LineNo, CatalogGrade.C, amount, amount, Money.Zero, Money.Zero, Money.Zero);
        }
        var over = Money.Zero;
        if (entry.PriceCap is { } priceCap)
        {
            var limit = Rounding.MultiplyByQuantity(priceCap, line.Quantity);
            over = Money.Max(Money.Zero, amount - limit);
        }
        var allowed = amount - over;
        var preSelfPay = Rounding.MultiplyByRatio(allowed, entry.SelfPayRatio);
        var inScope = allowed - preSelfPay;
        Invariant.Assert(inScope >= Money.Zero);
        return new ClassifiedLine(line.LineNo, entry.Grade, amount, Money.Zero, over, preSelfPay, inScope);
    }

    /// <summary>The reply form of a classified line.</summary>
    public static LineResult ToResult(this ClassifiedLine line) =>
        new(line.LineNo, line.Grade, line.FullOwnPay, line.OverLimit, line.PreSelfPay, line.InScope);
}
