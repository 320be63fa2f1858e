using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Scenarios;

namespace Engine.Tests.Scenarios;

/// <summary>A small results document with every kind of entry, and its exact compact JSON.</summary>
internal static class SampleResults
{
    public static SettlementFigures Settlement { get; } = new()
    {
        MedfeeSumamt = Yuan(402.45m),
        FulamtOwnpayAmt = Yuan(40m),
        OverlmtSelfpay = Money.Zero,
        PreselfpayAmt = Yuan(16.25m),
        InscpScpAmt = Yuan(346.20m),
        ActPayDedc = Yuan(116m),
        PoolPropSelfpay = Ratio.FromBps(5_500),
        HifpPay = Yuan(126.61m),
        CvlservPay = Money.Zero,
        FundPaySumamt = Yuan(126.61m),
        PsnPartAmt = Yuan(275.84m),
        AcctPay = Money.Zero,
        PsnCashPay = Yuan(275.84m),
        Balc = Money.Zero,
        FilingCategory = FilingCategory.LongTermReside,
        Year = 2025,
    };

    public static ResultsDocument Document { get; } = new("Ex 2: 跨起付线", [
        new StepResult(0, "register", SettlementStatus.Ok) { VisitId = "V1" },
        new StepResult(1, "uploadFees", SettlementStatus.Ok)
        {
            Lines = [new LineResult(1, CatalogGrade.B, Money.Zero, Yuan(8.82m), Yuan(0.62m), Yuan(5.56m))],
        },
        new StepResult(2, "settle", SettlementStatus.Ok) { SettlementId = "S1", Settlement = Settlement },
        new StepResult(3, "cancelSettlement", SettlementStatus.Ok)
        {
            Settlement = Settlement.Negated(Yuan(100m)) with { HifpPay = -Yuan(90m) },
        },
        new StepResult(4, "register", SettlementStatus.NoValidFiling) { Message = "not written" },
        new StepResult(5, "personInfo", SettlementStatus.Ok)
        {
            Person = new PersonFigures(
                Yuan(354m), [new AccumulatorFigures(2025, "GEN_OTP", Yuan(300m), Yuan(704m), Money.Zero)]),
        },
        new StepResult(6, "reconcile", SettlementStatus.Ok)
        {
            Reconciliation = new ReconciliationFigures(true, 3, Yuan(115m), Yuan(63.34m), Yuan(51.66m)),
        },
    ]);

    // The lines join without line breaks: the document is one line.
    public static readonly string CompactJson = """
        {"name":"Ex 2: 跨起付线","results":[{"step":0,"op":"register","status":"ok","visitId":"V1"},
        {"step":1,"op":"uploadFees","status":"ok","lines":[{"lineNo":1,"grade":"02","fulamt_ownpay_amt":0.00,
        "overlmt_amt":8.82,"preselfpay_amt":0.62,"inscp_scp_amt":5.56}]},{"step":2,"op":"settle",
        "status":"ok","settlementId":"S1","settlement":{"medfee_sumamt":402.45,"fulamt_ownpay_amt":40.00,
        "overlmt_selfpay":0.00,"preselfpay_amt":16.25,"inscp_scp_amt":346.20,"act_pay_dedc":116.00,
        "pool_prop_selfpay":0.55,"hifp_pay":126.61,"cvlserv_pay":0.00,"fund_pay_sumamt":126.61,
        "psn_part_amt":275.84,"acct_pay":0.00,"psn_cash_pay":275.84,"balc":0.00,"filing_category":"LT_RESIDE",
        "year":2025}},{"step":3,"op":"cancelSettlement","status":"ok","settlement":{"medfee_sumamt":-402.45,
        "fulamt_ownpay_amt":-40.00,"overlmt_selfpay":0.00,"preselfpay_amt":-16.25,"inscp_scp_amt":-346.20,
        "act_pay_dedc":-116.00,"pool_prop_selfpay":0.55,"hifp_pay":-90.00,"cvlserv_pay":0.00,
        "fund_pay_sumamt":-126.61,"psn_part_amt":-275.84,"acct_pay":0.00,"psn_cash_pay":-275.84,
        "balc":100.00,"filing_category":"LT_RESIDE","year":2025}},{"step":4,"op":"register",
        "status":"rejected","error":"NO_VALID_FILING"},{"step":5,"op":"personInfo","status":"ok",
        "person":{"accountBalance":354.00,"accumulators":[{"year":2025,"bucket":"GEN_OTP",
        "deductibleUsed":300.00,"fundPaid":704.00,"civilServantPaid":0.00}]}},{"step":6,"op":"reconcile",
        "status":"ok","reconciliation":{"balanced":true,"count":3,"medfeeSum":115.00,"fundPaySum":63.34,
        "acctPaySum":51.66}}]}
        """.ReplaceLineEndings("");

    public static Money Yuan(decimal yuan) => Money.FromYuan(yuan);
}
