using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;

namespace Engine.Settlement;

/// <summary>
/// The calculation of one settlement, rules.md §4 steps 2b to 8. Pure and allocation-free apart from the
/// result. 2206 and 2207 both call it; only 2207 commits what it returns. The identities of §6 are asserted
/// on every result, in Release builds too.
/// </summary>
public static class SettlementCalculator
{
    /// <summary>Computes the figures of a settlement in year <paramref name="year"/>.</summary>
    /// <param name="lines">The visit's uploaded, unsettled lines, summed (step 2).</param>
    /// <param name="used">The person's accumulators of the visit's bucket in <paramref name="year"/>.</param>
    /// <param name="balance">The personal account balance B.</param>
    public static SettlementFigures Calculate(
        VisitTerms terms, LineTotals lines, AccumulatorTotals used, Money balance, bool useAccount, int year)
    {
        Invariant.Assert(balance >= Money.Zero);
        var preSelfPay = lines.PreSelfPay;
        var inScope = lines.InScope;

        // Step 2b and 3: a temporary visit's reduction, as an extra first self-pay share or as ratio points.
        var fundRatio = terms.Ratio;
        if (terms.ReductionMode == ReductionMode.ExtraPreSelfPay)
        {
            if (terms.Reduction > Ratio.Zero)
            {
                var extra = Rounding.MultiplyByRatio(inScope, terms.Reduction);
                preSelfPay += extra;
                inScope -= extra;
            }
        }
        else
        {
            fundRatio = terms.Ratio.MinusFloorZero(terms.Reduction);
        }

        // Step 4: the deductible still open in this year's bucket.
        var deductible = Money.Min(inScope, Money.Max(Money.Zero, terms.Deductible - used.DeductibleUsed));

        // Step 5: the pooled fund, limited by the room left under the annual cap.
        var fundRaw = Rounding.MultiplyByRatio(inScope - deductible, fundRatio);
        var fund = terms.AnnualCap is { } cap ? Money.Min(fundRaw, Money.Max(Money.Zero, cap - used.FundPaid)) : fundRaw;

        // Step 6: the civil-servant supplement on the in-scope part the pooled fund left.
        var supplement = terms.CivilServantRatio > Ratio.Zero
            ? Rounding.MultiplyByRatio(inScope - fund, terms.CivilServantRatio)
            : Money.Zero;

        // Steps 7 and 8: totals and the personal account.
        var fundTotal = fund + supplement;
        var personal = lines.MedicalFee - fundTotal;
        var account = terms.MayUseAccount && useAccount ? Money.Min(personal, balance) : Money.Zero;

        var figures = new SettlementFigures
        {
            MedfeeSumamt = lines.MedicalFee,
            FulamtOwnpayAmt = lines.FullOwnPay,
            OverlmtSelfpay = lines.OverLimit,
            PreselfpayAmt = preSelfPay,
            InscpScpAmt = inScope,
            ActPayDedc = deductible,
            PoolPropSelfpay = fundRatio,
            HifpPay = fund,
            CvlservPay = supplement,
            FundPaySumamt = fundTotal,
            PsnPartAmt = personal,
            AcctPay = account,
            PsnCashPay = personal - account,
            Balc = balance - account,
            FilingCategory = terms.Category,
            Year = year,
        };
        AssertIdentities(figures, terms, used);
        return figures;
    }

    /// <summary>The identities of rules.md §6 (and the non-negative amounts they imply).</summary>
    public static void AssertIdentities(SettlementFigures f, VisitTerms terms, AccumulatorTotals used)
    {
        Invariant.Assert(f.MedfeeSumamt == f.FulamtOwnpayAmt + f.OverlmtSelfpay + f.PreselfpayAmt + f.InscpScpAmt);
        Invariant.Assert(f.MedfeeSumamt == f.FundPaySumamt + f.PsnPartAmt);
        Invariant.Assert(f.PsnPartAmt == f.AcctPay + f.PsnCashPay);
        Invariant.Assert(f.ActPayDedc >= Money.Zero && f.ActPayDedc <= f.InscpScpAmt);
        Invariant.Assert(f.HifpPay >= Money.Zero);
        Invariant.Assert(terms.AnnualCap is not { } cap || used.FundPaid + f.HifpPay <= Money.Max(cap, used.FundPaid));
        Invariant.Assert(f.CvlservPay >= Money.Zero && f.AcctPay >= Money.Zero && f.PsnCashPay >= Money.Zero);
        Invariant.Assert(f.Balc >= Money.Zero);
    }
}
