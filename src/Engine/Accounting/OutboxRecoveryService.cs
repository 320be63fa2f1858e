using Engine.Contracts.Grains;
using Engine.Lifecycle;
using Engine.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Engine.Accounting;

/// <summary>
/// Closes the one window the outbox leaves open (docs/architecture.md): a silo killed between a person's state
/// write and the ledger append leaves events in that person's persisted outbox, and a person who never transacts
/// again would never deliver them. The PostgreSQL grain storage commits the outbox with the state
/// (<see cref="IHasLedgerOutbox"/>), so only an outbox written without it can be behind the ledger (by a build
/// before it, or holding an event the ledger's columns cannot take); an outbox whose trim was not persisted yet is
/// only redelivered. At start-up this service reads the person rows written within <see cref="Window"/>, and
/// activates every person whose stored outbox is not empty; activation re-delivers the events, which the ledger
/// applies idempotently. Delivery normally follows a write within milliseconds, so only recently written rows can
/// hold undelivered events.
/// </summary>
public sealed partial class OutboxRecoveryService(
    NpgsqlDataSource dataSource,
    GrainStateCodecs codecs,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    ILogger<OutboxRecoveryService> logger) : BackgroundService
{
    /// <summary>How far back the scan looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(3);

    /// <summary>Persons found with undelivered events in the last scan (for tests and logs).</summary>
    public int LastRecoveredCount { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(StartDelay, stoppingToken); // Let the silo join the cluster first.
            LastRecoveredCount = await RecoverAsync(stoppingToken);
            LogScanned(logger, LastRecoveredCount);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogScanFailed(logger, exception);
        }
    }

    /// <summary>Scans and activates; returns how many persons had undelivered events.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var pending = new List<string>();
        await using (var command = dataSource.CreateCommand("""
            SELECT grain_id, payload FROM engine_grain_state
             WHERE service_id = @service AND grain_id LIKE 'person/%' AND state_name = 'person'
               AND payload IS NOT NULL AND modified_at > now() - @window
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<string>("service", cluster.Value.ServiceId));
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("window", Window));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var state = codecs.Decode<PersonState>(reader.GetFieldValue<byte[]>(1));
                // The row's grain id is "person/<psnNo>" (PostgresGrainStorage stores GrainId.ToString()).
                if (state?.Outbox.Count > 0) pending.Add(reader.GetString(0)["person/".Length..]);
            }
        }
        foreach (var psnNo in pending)
        {
            await grains.GetGrain<IPersonGrain>(psnNo).PingAsync(0); // Activation schedules the outbox relay.
        }
        return pending.Count;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Outbox recovery: {Count} persons had undelivered ledger events; re-delivered.")]
    private static partial void LogScanned(ILogger logger, int count);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Outbox recovery scan failed.")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
