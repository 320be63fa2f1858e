using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Persistence;
using Npgsql;

namespace Engine.Accounting;

/// <summary>
/// The ledger in PostgreSQL (<c>engine_ledger_row</c>). Appends from many persons are group-committed: one
/// transaction per batch, rows inserted with ON CONFLICT DO NOTHING and retractions as updates
/// (<see cref="PostgresLedgerRows"/>), so redelivery from an outbox is harmless. A person's events normally do not
/// come through here: its grain storage commits them with its state (<see cref="IHasLedgerOutbox"/>). Appends are
/// what an outbox still holds after a write: redelivery after a crash, an outbox stored by an earlier build, an
/// event the ledger's columns cannot hold.
/// </summary>
public sealed class PostgresLedgerStore : ILedgerStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly GroupCommitQueue<IReadOnlyList<LedgerEvent>, bool> appends;

    /// <summary>A store on <paramref name="dataSource"/>.</summary>
    public PostgresLedgerStore(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        appends = new GroupCommitQueue<IReadOnlyList<LedgerEvent>, bool>(async (batches, cancellationToken) =>
        {
            await WriteAsync([.. batches.SelectMany(b => b)], cancellationToken);
            return new bool[batches.Count];
        });
    }

    /// <summary>Transactions committed by appends so far.</summary>
    public long CommitCount => appends.BatchCount;

    private const string SelectDay = """
        SELECT count(*)::int, coalesce(sum(medfee_fen), 0)::bigint, coalesce(sum(fund_pay_fen), 0)::bigint,
               coalesce(sum(account_fen), 0)::bigint
          FROM engine_ledger_row
         WHERE institution = @institution AND business_day = @day AND NOT retracted
        """;

    private const string SelectMonth = """
        SELECT insured_region, treatment_region, count(*)::int, sum(medfee_fen)::bigint, sum(pooled_fund_fen)::bigint,
               sum(civil_servant_fen)::bigint, sum(account_fen)::bigint
          FROM engine_ledger_row
         WHERE business_day >= @first AND business_day < @next AND NOT retracted
         GROUP BY insured_region, treatment_region
         ORDER BY insured_region, treatment_region
        """;

    /// <inheritdoc />
    public async ValueTask AppendAsync(IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0) return;
        await appends.EnqueueAsync(events, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => appends.DisposeAsync();

    private async Task WriteAsync(IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresLedgerRows.WriteAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<ReconciliationFigures> ReconcileAsync(
        ReconcileRequest request, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectDay);
        command.Parameters.Add(new NpgsqlParameter<string>("institution", request.Institution));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("day", request.Date));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt32(0);
        var medfee = Money.FromFen(reader.GetInt64(1));
        var fundPay = Money.FromFen(reader.GetInt64(2));
        var account = Money.FromFen(reader.GetInt64(3));
        var balanced = count == request.Count && medfee == request.MedfeeSum && fundPay == request.FundPaySum &&
            account == request.AcctPaySum;
        return new ReconciliationFigures(balanced, count, medfee, fundPay, account);
    }

    /// <inheritdoc />
    public async ValueTask<ImmutableArray<ClearingLine>> ClearingAsync(
        int year, int month, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, month, 1);
        await using var command = dataSource.CreateCommand(SelectMonth);
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("first", first));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("next", first.AddMonths(1)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = ImmutableArray.CreateBuilder<ClearingLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new ClearingLine(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                Money.FromFen(reader.GetInt64(3)), Money.FromFen(reader.GetInt64(4)),
                Money.FromFen(reader.GetInt64(5)), Money.FromFen(reader.GetInt64(6))));
        }
        return lines.ToImmutable();
    }
}
