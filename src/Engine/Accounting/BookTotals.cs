using Engine.Contracts;
using Engine.Contracts.Messages;

namespace Engine.Accounting;

/// <summary>Signed sums of settlement rows: the figures of reconciliation and clearing.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Accounting.BookTotals")]
public readonly record struct BookTotals(
    [property: Id(0)] int Count,
    [property: Id(1)] Money Medfee,
    [property: Id(2)] Money FundPay,
    [property: Id(3)] Money PooledFund,
    [property: Id(4)] Money CivilServant,
    [property: Id(5)] Money Account)
{
    /// <summary>The totals with a row added (<paramref name="sign"/> +1) or removed (−1).</summary>
    public BookTotals With(SettlementFigures row, int sign) => sign > 0
        ? new(Count + 1, Medfee + row.MedfeeSumamt, FundPay + row.FundPaySumamt, PooledFund + row.HifpPay,
            CivilServant + row.CvlservPay, Account + row.AcctPay)
        : new(Count - 1, Medfee - row.MedfeeSumamt, FundPay - row.FundPaySumamt, PooledFund - row.HifpPay,
            CivilServant - row.CvlservPay, Account - row.AcctPay);

    /// <summary>The sums of two parts of one ledger.</summary>
    public static BookTotals operator +(BookTotals left, BookTotals right) =>
        new(left.Count + right.Count, left.Medfee + right.Medfee, left.FundPay + right.FundPay,
            left.PooledFund + right.PooledFund, left.CivilServant + right.CivilServant, left.Account + right.Account);
}
