using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Engine.Contracts.Domain;

namespace Engine.Contracts.Messages;

/// <summary>
/// The figures of one settlement, pre-settlement or cancellation (scenario-format.md §4), named after the
/// national interface's setlinfo fields. A cancellation carries the original's amounts negated.
/// </summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.SettlementFigures")]
public sealed record SettlementFigures
{
    /// <summary>medfee_sumamt: the sum of the line amounts.</summary>
    [Id(0)] public Money MedfeeSumamt { get; init; }

    /// <summary>fulamt_ownpay_amt: fully self-paid (丙类 and uncatalogued) amounts.</summary>
    [Id(1)] public Money FulamtOwnpayAmt { get; init; }

    /// <summary>overlmt_selfpay: amounts over the price cap.</summary>
    [Id(2)] public Money OverlmtSelfpay { get; init; }

    /// <summary>preselfpay_amt: first self-pay shares (and the extra share of ExtraPreSelfPay mode).</summary>
    [Id(3)] public Money PreselfpayAmt { get; init; }

    /// <summary>inscp_scp_amt: the in-scope amount.</summary>
    [Id(4)] public Money InscpScpAmt { get; init; }

    /// <summary>act_pay_dedc: the deductible paid by this settlement.</summary>
    [Id(5)] public Money ActPayDedc { get; init; }

    /// <summary>pool_prop_selfpay: the effective pooled-fund ratio.</summary>
    [Id(6)] public Ratio PoolPropSelfpay { get; init; }

    /// <summary>hifp_pay: the pooled fund's share.</summary>
    [Id(7)] public Money HifpPay { get; init; }

    /// <summary>cvlserv_pay: the civil-servant supplement.</summary>
    [Id(8)] public Money CvlservPay { get; init; }

    /// <summary>fund_pay_sumamt = hifp_pay + cvlserv_pay.</summary>
    [Id(9)] public Money FundPaySumamt { get; init; }

    /// <summary>psn_part_amt = medfee_sumamt − fund_pay_sumamt.</summary>
    [Id(10)] public Money PsnPartAmt { get; init; }

    /// <summary>acct_pay: paid from the personal account.</summary>
    [Id(11)] public Money AcctPay { get; init; }

    /// <summary>psn_cash_pay = psn_part_amt − acct_pay.</summary>
    [Id(12)] public Money PsnCashPay { get; init; }

    /// <summary>balc: the account balance after this transaction (what it would be, for a pre-settlement).</summary>
    [Id(13)] public Money Balc { get; init; }

    /// <summary>The visit's filing category.</summary>
    [Id(14)] public FilingCategory FilingCategory { get; init; }

    /// <summary>The accumulator year: the year of the transaction's own time.</summary>
    [Id(15)] public int Year { get; init; }

    /// <summary>The figures of a cancellation of this settlement: amounts negated, ratio, category and year kept.</summary>
    public SettlementFigures Negated(Money balanceAfter) => this with
    {
        MedfeeSumamt = -MedfeeSumamt,
        FulamtOwnpayAmt = -FulamtOwnpayAmt,
        OverlmtSelfpay = -OverlmtSelfpay,
        PreselfpayAmt = -PreselfpayAmt,
        InscpScpAmt = -InscpScpAmt,
        ActPayDedc = -ActPayDedc,
        HifpPay = -HifpPay,
        CvlservPay = -CvlservPay,
        FundPaySumamt = -FundPaySumamt,
        PsnPartAmt = -PsnPartAmt,
        AcctPay = -AcctPay,
        PsnCashPay = -PsnCashPay,
        Balc = balanceAfter,
    };
}

/// <summary>The classification of one uploaded line (2204 reply).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Engine.Contracts.Messages.LineResult")]
public sealed record LineResult(
    int LineNo, CatalogGrade Grade, Money FulamtOwnpayAmt, Money OverlmtAmt, Money PreselfpayAmt, Money InscpScpAmt);

/// <summary>Year-to-date figures of one accumulator bucket.</summary>
/// <param name="Bucket">"GEN_OTP" or "OPSP:&lt;disease&gt;".</param>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.AccumulatorFigures")]
public sealed record AccumulatorFigures(
    int Year, string Bucket, Money DeductibleUsed, Money FundPaid, Money CivilServantPaid);

/// <summary>The 1101 reply body: balance and the year's non-zero buckets, sorted by bucket.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.PersonFigures")]
public sealed record PersonFigures(Money AccountBalance, ImmutableArray<AccumulatorFigures> Accumulators);

/// <summary>The 3201 reply body: the engine's own figures for the institution's day.</summary>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.ReconciliationFigures")]
public sealed record ReconciliationFigures(
    bool Balanced, int Count, Money MedfeeSum, Money FundPaySum, Money AcctPaySum);

/// <summary>
/// The reply to every terminal transaction. A business rejection is a normal reply with <see cref="Status"/> set;
/// the optional members are present only for the operations that carry them.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Engine.Contracts.Messages.TransactionReply")]
public sealed record TransactionReply
{
    /// <summary><see cref="SettlementStatus.Ok"/> on success.</summary>
    [Id(0)] public SettlementStatus Status { get; init; }

    /// <summary>A human-readable detail of a rejection (which member is invalid), or null.</summary>
    [Id(1)] public string? Message { get; init; }

    /// <summary>The visit id (mdtrt_id) created by 2201.</summary>
    [Id(2)] public string? VisitId { get; init; }

    /// <summary>The settlement id (setl_id) created by 2207.</summary>
    [Id(3)] public string? SettlementId { get; init; }

    /// <summary>Figures of 2206, 2207 and 2208.</summary>
    [Id(4)] public SettlementFigures? Settlement { get; init; }

    // A plain array: Orleans serializes an ImmutableArray through a surrogate that copies it first, and stored
    // replies are serialized with the person's state on every write.
    [Id(8)] private readonly LineResult[]? lines;

    /// <summary>Line classification of 2204; default (empty) otherwise.</summary>
    public ImmutableArray<LineResult> Lines
    {
        get => ImmutableCollectionsMarshal.AsImmutableArray(lines);
        init => lines = ImmutableCollectionsMarshal.AsArray(value);
    }

    /// <summary>Figures of 1101.</summary>
    [Id(6)] public PersonFigures? Person { get; init; }

    /// <summary>Figures of 3201.</summary>
    [Id(7)] public ReconciliationFigures? Reconciliation { get; init; }

    /// <summary>Is this a success.</summary>
    public bool IsOk => Status == SettlementStatus.Ok;

    /// <summary>A plain success with no body.</summary>
    public static TransactionReply Ok { get; } = new();

    /// <summary>A rejection with <paramref name="status"/> and an optional detail.</summary>
    public static TransactionReply Rejected(SettlementStatus status, string? message = null) =>
        new() { Status = status, Message = message };
}
