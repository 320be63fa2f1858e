using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Engine.LoadTests.Chaos;

/// <summary>The client's log of every final answer (<see cref="ReplyRecord"/>), kept in memory and written as
/// <c>replies.csv</c> for the record.</summary>
internal sealed class ReplyLog
{
    private readonly ConcurrentQueue<ReplyRecord> records = new();

    public void Add(ReplyRecord record) => records.Enqueue(record);

    public IReadOnlyList<ReplyRecord> Snapshot() => [.. records.OrderBy(r => r.ElapsedMs)];

    public async Task WriteCsvAsync(string path)
    {
        var sb = new StringBuilder();
        sb.Append("elapsed_ms,terminal,silo,op,msg_id,institution,psn_no,subject,status,settlement_id,unknown,")
            .Append("business_at,medfee_fen,fund_pay_fen,pooled_fund_fen,civil_servant_fen,account_fen,")
            .Append("deductible_fen\n");
        foreach (var r in Snapshot())
        {
            var f = r.Figures;
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.ElapsedMs},{r.Terminal},{r.Silo},{r.Operation},{r.MsgId},{r.Institution},{r.PsnNo},")
                .Append(CultureInfo.InvariantCulture,
                $"{r.Subject},{r.Status},{r.SettlementId},{r.Unknown},{r.BusinessAt:yyyyMMddHHmmss},")
                .Append(CultureInfo.InvariantCulture,
                $"{f?.MedfeeFen},{f?.FundPayFen},{f?.PooledFundFen},{f?.CivilServantFen},{f?.AccountFen},")
                .Append(CultureInfo.InvariantCulture, $"{f?.DeductibleFen}\n");
        }
        await File.WriteAllTextAsync(path, sb.ToString());
    }
}
