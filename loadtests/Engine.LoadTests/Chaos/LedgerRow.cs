namespace Engine.LoadTests.Chaos;

/// <summary>One row of <c>engine_ledger_row</c>: a settlement (<c>{settlementId}#s</c>) or a cancellation
/// (<c>{settlementId}#c{n}</c>), amounts in fen (negated for a cancellation).</summary>
internal sealed record LedgerRow(
    string EventId, string Institution, DateOnly BusinessDay, string InsuredRegion, string TreatmentRegion,
    long MedfeeFen, long FundPayFen, long PooledFundFen, long CivilServantFen, long AccountFen, bool Retracted)
{
    /// <summary>The settlement id the row belongs to (the part before '#').</summary>
    public string SettlementId => EventId[..EventId.IndexOf('#', StringComparison.Ordinal)];

    public bool IsSettlement => EventId.EndsWith("#s", StringComparison.Ordinal);

    /// <summary>The person: settlement ids are <c>{psnNo}-S{sequence}</c>.</summary>
    public string PsnNo => SettlementId[..SettlementId.LastIndexOf('-')];
}
