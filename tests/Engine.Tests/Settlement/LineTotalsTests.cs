using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Settlement;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Settlement;

public sealed class LineTotalsTests
{
    [Fact]
    public void Of_SeveralLines_SumsEachColumn()
    {
        ClassifiedLine[] lines =
        [
            new(1, CatalogGrade.C, Yuan(40m), Yuan(40m), Money.Zero, Money.Zero, Money.Zero),
            new(2, CatalogGrade.B, Yuan(30m), Money.Zero, Yuan(5m), Yuan(2.50m), Yuan(22.50m)),
            new(3, CatalogGrade.A, Yuan(0.01m), Money.Zero, Money.Zero, Money.Zero, Yuan(0.01m)),
        ];

        var totals = LineTotals.Of(lines);

        Assert.Equal(new LineTotals(Yuan(70.01m), Yuan(40m), Yuan(5m), Yuan(2.50m), Yuan(22.51m)), totals);
        Assert.False(totals.IsEmpty);
        Assert.True(default(LineTotals).IsEmpty);
    }

    [Fact]
    public void Addition_TwoTotals_AddsColumnwise()
    {
        var a = new LineTotals(Yuan(10m), Yuan(1m), Yuan(2m), Yuan(3m), Yuan(4m));
        var b = new LineTotals(Yuan(20m), Yuan(2m), Yuan(4m), Yuan(6m), Yuan(8m));

        Assert.Equal(new LineTotals(Yuan(30m), Yuan(3m), Yuan(6m), Yuan(9m), Yuan(12m)), a + b);
    }
}
