using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;
using Engine.Settlement;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Settlement;

/// <summary>rules.md §4 step 1, every figure computed by hand.</summary>
public sealed class LineClassifierTests
{
    private static FeeLine Line(string code, decimal amount, decimal quantity = 1m) =>
        new(7, code, Quantity.FromDecimal(quantity), Quantity.FromDecimal(amount), Yuan(amount));

    private static CatalogEntry B(decimal selfPay, decimal? cap) =>
        Entry(Jiangxi, "XB01", CatalogGrade.B, selfPay, cap);

    [Fact]
    public void Classify_Uncatalogued_IsGrade03FullySelfPaid()
    {
        var line = LineClassifier.Classify(Line("ZZ99", 40.00m), entry: null);

        Assert.Equal(
            new ClassifiedLine(7, CatalogGrade.C, Yuan(40m), Yuan(40m), Money.Zero, Money.Zero, Money.Zero), line);
    }

    [Fact]
    public void Classify_Grade03_IsFullySelfPaidEvenWithCapAndRatio()
    {
        var entry = Entry(Jiangxi, "XC01", CatalogGrade.C, 0.30m, 1.00m);

        var line = LineClassifier.Classify(Line("XC01", 30.00m), entry);

        Assert.Equal(CatalogGrade.C, line.Grade);
        Assert.Equal(Yuan(30m), line.FullOwnPay);
        Assert.Equal(Money.Zero, line.OverLimit);
        Assert.Equal(Money.Zero, line.PreSelfPay);
        Assert.Equal(Money.Zero, line.InScope);
    }

    [Fact]
    public void Classify_Grade01WithoutCap_IsFullyInScope()
    {
        var line = LineClassifier.Classify(Line("XA01", 88.88m), Entry(Jiangxi, "XA01", CatalogGrade.A, 0m, null));

        Assert.Equal(
            new ClassifiedLine(7, CatalogGrade.A, Yuan(88.88m), Money.Zero, Money.Zero, Money.Zero, Yuan(88.88m)),
            line);
    }

    [Fact]
    public void Classify_Grade02UnderCap_TakesRoundedFirstSelfPay()
    {
        // Limit 1 × 12.50; pre = R(12.45 × 0.10) = R(1.245) = 1.25; inscp = 11.20.
        var line = LineClassifier.Classify(Line("XB01", 12.45m), B(0.10m, 12.50m));

        Assert.Equal(CatalogGrade.B, line.Grade);
        Assert.Equal(Money.Zero, line.OverLimit);
        Assert.Equal(Yuan(1.25m), line.PreSelfPay);
        Assert.Equal(Yuan(11.20m), line.InScope);
        Assert.Equal(Money.Zero, line.FullOwnPay);
    }

    [Fact]
    public void Classify_Grade02OverCap_SplitsOverLimitBeforeSelfPay()
    {
        // Limit R(2 × 12.50) = 25.00; over = 5.00; allowed 25.00; pre = 2.50; inscp = 22.50.
        var line = LineClassifier.Classify(Line("XB01", 30.00m, quantity: 2m), B(0.10m, 12.50m));

        Assert.Equal(Yuan(5.00m), line.OverLimit);
        Assert.Equal(Yuan(2.50m), line.PreSelfPay);
        Assert.Equal(Yuan(22.50m), line.InScope);
    }

    [Fact]
    public void Classify_FractionalQuantityOverCap_RoundsTheLimitHalfUp()
    {
        // Limit R(0.5 × 12.35) = R(6.175) = 6.18; over = 0.82; pre = R(0.618) = 0.62; inscp = 5.56.
        var line = LineClassifier.Classify(Line("XB01", 7.00m, quantity: 0.5m), B(0.10m, 12.35m));

        Assert.Equal(Yuan(0.82m), line.OverLimit);
        Assert.Equal(Yuan(0.62m), line.PreSelfPay);
        Assert.Equal(Yuan(5.56m), line.InScope);
    }

    [Fact]
    public void Classify_AmountExactlyAtTheLimit_HasNothingOver()
    {
        // 0.5 × 12.35 rounds to 6.18, so an amount of 6.18 is not over the limit.
        var line = LineClassifier.Classify(Line("XB01", 6.18m, quantity: 0.5m), B(0m, 12.35m));

        Assert.Equal(Money.Zero, line.OverLimit);
        Assert.Equal(Yuan(6.18m), line.InScope);
    }

    [Fact]
    public void Classify_Grade01WithCap_OverLimitIsSelfPaidAndRestInScope()
    {
        var entry = Entry(Jiangxi, "XA02", CatalogGrade.A, 0m, 10.00m);

        var line = LineClassifier.Classify(Line("XA02", 35.00m, quantity: 3m), entry);

        Assert.Equal(Yuan(5.00m), line.OverLimit);
        Assert.Equal(Money.Zero, line.PreSelfPay);
        Assert.Equal(Yuan(30.00m), line.InScope);
    }

    [Fact]
    public void Classify_ZeroAmount_ThrowsInvariantViolation()
    {
        var line = new FeeLine(1, "XA01", Quantity.FromDecimal(1m), Quantity.FromDecimal(1m), Money.Zero);

        Assert.Throws<InvariantViolationException>(() => LineClassifier.Classify(line, null));
    }

    [Fact]
    public void ToResult_ClassifiedLine_CarriesEveryFigure()
    {
        var line = LineClassifier.Classify(Line("XB01", 30.00m, quantity: 2m), B(0.10m, 12.50m));

        Assert.Equal(
            new LineResult(7, CatalogGrade.B, Money.Zero, Yuan(5m), Yuan(2.50m), Yuan(22.50m)), line.ToResult());
    }
}
