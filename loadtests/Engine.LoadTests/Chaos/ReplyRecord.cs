using Engine.Contracts.Messages;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// One final answer the client library gave the chaos driver for a state-changing request: what was asked
/// (operation, msgId, person, visit or settlement), what came back (status, settlement id, figures in fen) and, for an
/// outcome that stayed unknown, what became of it (<see cref="Unknown"/>).
/// </summary>
/// <param name="ElapsedMs">Milliseconds since the load started, when the answer arrived.</param>
/// <param name="Silo">The 1-based silo whose gateway gave the answer (after any failover).</param>
/// <param name="Operation">"2201", "2204", "2207", "2208" or "2601".</param>
/// <param name="Subject">The visit id (2204, 2207) or settlement id (2208) the request named; null for 2201.</param>
/// <param name="Status">The reply's status text, e.g. OK or OUTCOME_UNKNOWN.</param>
/// <param name="SettlementId">The settlement id of an ok 2207 or 2208 reply.</param>
/// <param name="Unknown">For OUTCOME_UNKNOWN: how it ended (<see cref="UnknownResolution"/>).</param>
internal sealed record ReplyRecord(
    long ElapsedMs, int Terminal, int Silo, string Operation, string MsgId, string Institution, string PsnNo,
    string? Subject, string Status, string? SettlementId, UnknownResolution Unknown, DateTime BusinessAt,
    FiguresFen? Figures)
{
    public bool IsOk => Status == "OK";
}

/// <summary>What became of a request whose outcome stayed unknown after every retransmission.</summary>
internal enum UnknownResolution
{
    /// <summary>The outcome is known (the request was answered).</summary>
    None,

    /// <summary>A settle or cancelSettlement reversed by 2601: it has no effect.</summary>
    Reversed,

    /// <summary>The 2601 was rejected: the original may or may not stand.</summary>
    ReversalRejected,

    /// <summary>Neither the original nor its 2601 was answered within the driver's budget.</summary>
    Unresolved,
}

/// <summary>The money of a 2207 or 2208 reply, in fen (negative in a 2208 reply).</summary>
internal sealed record FiguresFen(
    long MedfeeFen, long FundPayFen, long PooledFundFen, long CivilServantFen, long AccountFen, long DeductibleFen)
{
    public static FiguresFen? Of(SettlementFigures? figures) => figures is null ? null : new(
        figures.MedfeeSumamt.Fen, figures.FundPaySumamt.Fen, figures.HifpPay.Fen, figures.CvlservPay.Fen,
        figures.AcctPay.Fen, figures.ActPayDedc.Fen);
}
