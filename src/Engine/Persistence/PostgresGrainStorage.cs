using System.Globalization;
using Engine.Accounting;
using Engine.Messaging;
using Npgsql;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Engine.Persistence;

/// <summary>
/// Grain storage in PostgreSQL (<c>engine_grain_state</c>) that group-commits writes: the writes of many grains that
/// arrive together share one statement and one commit (<see cref="PostgresGrainStateBatch"/>), and each write's
/// task completes only after that commit. The ETag is the row's version; a stale one fails only its own write,
/// with <see cref="InconsistentStateException"/>. Reads and clears are single statements on the primary key. The
/// payload is what <see cref="GrainStateCodecs"/> encodes (the person state in <see cref="PersonStateCodec"/>'s
/// format). Used for the person grains, whose every state-changing transaction writes: PostgreSQL here is CPU-bound,
/// and one statement per write spends most of it on per-statement overhead (docs/architecture.md).
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private const string Read = """
        SELECT version, payload FROM engine_grain_state
         WHERE service_id = @service_id AND grain_id = @grain_id AND state_name = @state_name
        """;

    // Keeps the row with its version moving on, so a stale activation cannot write over a clear.
    private const string Clear = """
        UPDATE engine_grain_state SET payload = NULL, version = version + 1, modified_at = now()
         WHERE service_id = @service_id AND grain_id = @grain_id AND state_name = @state_name
           AND version = @expected_version
        RETURNING version
        """;

    private const string Exists = """
        SELECT EXISTS (SELECT 1 FROM engine_grain_state
                        WHERE service_id = @service_id AND grain_id = @grain_id AND state_name = @state_name)
        """;

    private readonly string name;
    private readonly NpgsqlDataSource dataSource;
    private readonly GrainStateCodecs codecs;
    private readonly IActivatorProvider activators;
    private readonly string serviceId;
    private readonly PostgresGrainStorageLimits limits;
    private readonly GroupCommitQueue<GrainStateWrite, GrainStateWriteOutcome> writes;

    /// <summary>A storage named <paramref name="name"/> for the rows of <paramref name="serviceId"/>.</summary>
    public PostgresGrainStorage(string name, NpgsqlDataSource dataSource, GrainStateCodecs codecs,
        IActivatorProvider activators, string serviceId, PostgresGrainStorageLimits limits)
    {
        limits.Validate();
        this.name = name;
        this.dataSource = dataSource;
        this.codecs = codecs;
        this.activators = activators;
        this.serviceId = serviceId;
        this.limits = limits;
        writes = new GroupCommitQueue<GrainStateWrite, GrainStateWriteOutcome>(
            WriteBatchAsync, limits.BatchWritesMax, limits.QueueWritesMax);
    }

    /// <summary>Write statements committed so far (each holds one or more grains' writes).</summary>
    public long WriteCommitCount { get; private set; }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await using var command = KeyCommand(Read, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            grainState.State = NewState<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var version = reader.GetInt64(0);
        // A cleared row keeps its version (the next write updates it) but holds no state.
        var isCleared = reader.IsDBNull(1);
        grainState.State = isCleared
            ? NewState<T>()
            : codecs.Decode<T>(reader.GetFieldValue<byte[]>(1)) ?? NewState<T>();
        grainState.ETag = ETagOf(version);
        grainState.RecordExists = !isCleared;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        // Encoded here, on the grain's turn: the batch then holds bytes, never a state the grain may change.
        var payload = codecs.Encode(grainState.State);
        if (payload.Length > limits.PayloadBytesMax)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Storage {name}: state {stateName} of {grainId} is {payload.Length} bytes, more than " +
                $"{nameof(PostgresGrainStorageLimits.PayloadBytesMax)} = {limits.PayloadBytesMax}."));
        }
        var expected = VersionOf(grainState.ETag, "WriteState", stateName, grainId);
        // A state's outbox goes into the ledger in the write's own transaction: no separate commit for it.
        var outbox = grainState.State as IHasLedgerOutbox;
        var ledgerEvents = outbox is null ? [] : PostgresLedgerRows.StorablePrefix(outbox.LedgerOutbox);
        // A msgId claim the transaction left for this write is inserted in its transaction (IHasMessageClaim).
        var claimant = grainState.State as IHasMessageClaim;
        // Once queued, the write is awaited to its commit even if the caller gives up: it may commit regardless.
        var written = await writes.EnqueueAsync(
            new GrainStateWrite(grainId.ToString(), stateName, expected, payload, ledgerEvents, claimant?.PendingClaim),
            cancellationToken);
        if (written.ClaimRefused)
        {
            claimant!.ClaimRefused = true; // Nothing written; the grain reloads.
            return;
        }
        if (written.Version is not { } version)
        {
            throw Conflict("WriteState", stateName, grainId, grainState.ETag);
        }
        grainState.ETag = ETagOf(version);
        grainState.RecordExists = true;
        if (outbox is not null) outbox.CommittedWithState = ledgerEvents.Length;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var expected = VersionOf(grainState.ETag, "ClearState", stateName, grainId);
        if (expected is null)
        {
            // The grain never saw a row: clearing is a no-op, unless another activation has written one since.
            await using var exists = KeyCommand(Exists, stateName, grainId);
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                throw Conflict("ClearState", stateName, grainId, grainState.ETag);
            }
        }
        else
        {
            await using var clear = KeyCommand(Clear, stateName, grainId);
            clear.Parameters.Add(new NpgsqlParameter<long>("expected_version", expected.Value));
            var cleared = await clear.ExecuteScalarAsync(cancellationToken);
            if (cleared is not long version)
            {
                throw Conflict("ClearState", stateName, grainId, grainState.ETag);
            }
            grainState.ETag = ETagOf(version);
        }
        grainState.State = NewState<T>();
        grainState.RecordExists = false;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => writes.DisposeAsync();

    private async Task<IReadOnlyList<GrainStateWriteOutcome>> WriteBatchAsync(
        IReadOnlyList<GrainStateWrite> batch, CancellationToken cancellationToken)
    {
        // Usually one statement; a batch of unusually large states is split so that no statement exceeds the bound.
        var versions = new List<GrainStateWriteOutcome>(batch.Count);
        var start = 0;
        while (start < batch.Count)
        {
            var end = start + 1;
            long bytes = batch[start].Payload.Length;
            while (end < batch.Count && bytes + batch[end].Payload.Length <= limits.BatchBytesMax)
            {
                bytes += batch[end].Payload.Length;
                end++;
            }
            var part = start == 0 && end == batch.Count ? batch : [.. batch.Skip(start).Take(end - start)];
            versions.AddRange(await PostgresGrainStateBatch.WriteAsync(dataSource, serviceId, part, cancellationToken));
            WriteCommitCount++;
            start = end;
        }
        return versions;
    }

    private NpgsqlCommand KeyCommand(string sql, string stateName, GrainId grainId)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_id", grainId.ToString()));
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", stateName));
        return command;
    }

    private T NewState<T>() => activators.GetActivator<T>().Create();

    private static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    private long? VersionOf(string? etag, string operation, string stateName, GrainId grainId)
    {
        if (string.IsNullOrEmpty(etag)) return null;
        // An ETag this storage did not make (another provider's) cannot match any row: a conflict, not a crash.
        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw Conflict(operation, stateName, grainId, etag);
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag) =>
        new($"Version conflict ({operation}): storage {name}, service {serviceId}, grain {grainId}, " +
            $"state {stateName}, ETag {etag ?? "(none)"}: another activation wrote or cleared this state.");
}
