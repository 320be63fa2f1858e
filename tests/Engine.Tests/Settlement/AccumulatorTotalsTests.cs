using Engine.Contracts;
using Engine.Contracts.Messages;
using Engine.Settlement;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Settlement;

public sealed class AccumulatorTotalsTests
{
    [Fact]
    public void AddThenSubtract_SettlementFigures_ReturnsExactlyToTheStart()
    {
        var start = new AccumulatorTotals(Yuan(184m), Yuan(10m), Yuan(1m));
        var figures = new SettlementFigures
        {
            ActPayDedc = Yuan(116m), HifpPay = Yuan(126.61m), CvlservPay = Yuan(43.92m),
        };

        var added = start.Add(figures);

        Assert.Equal(new AccumulatorTotals(Yuan(300m), Yuan(136.61m), Yuan(44.92m)), added);
        Assert.Equal(start, added.Subtract(figures));
    }

    [Fact]
    public void IsZero_NewYear_IsTrueUntilAnyFigureMoves()
    {
        Assert.True(default(AccumulatorTotals).IsZero);
        Assert.False(new AccumulatorTotals(Money.Zero, Money.Zero, Money.FromFen(1)).IsZero);
    }
}
