using Engine.Lifecycle;
using Engine.Persistence;
using Npgsql;

namespace Engine.Messaging;

/// <summary>
/// The msgId registry in PostgreSQL (<c>engine_message_registry</c>). Each operation is one statement on the
/// primary key (institution, msg_id), so a claim and a tombstone of the same msgId cannot both win: the
/// database is the arbiter. Claims — one per new message, on the hot path — are group-committed: many persons'
/// claims share one statement and one commit. Expired rows are deleted by <see cref="SweepAsync"/>.
/// </summary>
public sealed class PostgresMessageRegistry : IMessageRegistry, IAsyncDisposable
{
    // Inserts the first claim of each key in the batch; for every input row returns whether its own insert won,
    // or the row that holds the key. "invisible" marks a holder committed after this statement's snapshot: that
    // claim is run again on its own.
    private const string ClaimBatch = """
        WITH input AS (
            SELECT * FROM unnest(@institution::varchar[], @msg_id::varchar[], @psn_no::varchar[], @created_at::timestamptz[])
                WITH ORDINALITY AS t(institution, msg_id, psn_no, created_at, ord)),
        firsts AS (
            SELECT DISTINCT ON (institution, msg_id) institution, msg_id, psn_no, created_at, ord
              FROM input ORDER BY institution, msg_id, ord),
        inserted AS (
            INSERT INTO engine_message_registry (institution, msg_id, kind, psn_no, fingerprint, reversed, created_at)
            SELECT institution, msg_id, 0, psn_no, NULL, false, created_at FROM firsts
            ON CONFLICT (institution, msg_id) DO NOTHING
            RETURNING institution, msg_id)
        SELECT (n.msg_id IS NOT NULL AND f.ord = i.ord) AS is_new,
               CASE WHEN n.msg_id IS NOT NULL THEN 0::smallint ELSE r.kind END,
               CASE WHEN n.msg_id IS NOT NULL THEN f.psn_no ELSE r.psn_no END,
               r.fingerprint, coalesce(r.reversed, false), coalesce(r.created_at, f.created_at),
               (n.msg_id IS NULL AND r.msg_id IS NULL) AS invisible
          FROM input i
          JOIN firsts f ON f.institution = i.institution AND f.msg_id = i.msg_id
          LEFT JOIN inserted n ON n.institution = i.institution AND n.msg_id = i.msg_id
          LEFT JOIN engine_message_registry r ON r.institution = i.institution AND r.msg_id = i.msg_id
         ORDER BY i.ord
        """;

    private readonly NpgsqlDataSource dataSource;
    private readonly GroupCommitQueue<(MessageKey Key, string PsnNo, DateTime NowUtc), ClaimOutcome> claims;

    /// <summary>A registry on <paramref name="dataSource"/>.</summary>
    public PostgresMessageRegistry(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        claims = new GroupCommitQueue<(MessageKey, string, DateTime), ClaimOutcome>(ClaimBatchAsync);
    }

    /// <summary>Claim statements committed so far (each holds one or more claims).</summary>
    public long ClaimCommitCount => claims.BatchCount;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => claims.DisposeAsync();
    // Insert our row, or return the row that holds the key. The CTE sees the row as it was before the statement.
    private const string InsertOrGet = """
        WITH inserted AS (
            INSERT INTO engine_message_registry (institution, msg_id, kind, psn_no, fingerprint, reversed, created_at)
            VALUES (@institution, @msg_id, @kind, @psn_no, @fingerprint, @reversed, @created_at)
            ON CONFLICT (institution, msg_id) DO NOTHING
            RETURNING kind, psn_no, fingerprint, reversed, created_at, true AS is_new)
        SELECT kind, psn_no, fingerprint, reversed, created_at, is_new FROM inserted
        UNION ALL
        SELECT kind, psn_no, fingerprint, reversed, created_at, false FROM engine_message_registry
         WHERE institution = @institution AND msg_id = @msg_id AND NOT EXISTS (SELECT 1 FROM inserted)
        """;

    /// <inheritdoc />
    public async ValueTask<RegistryEntry?> ClaimAsync(MessageKey key, string psnNo, DateTime nowUtc)
    {
        var outcome = await claims.EnqueueAsync((key, psnNo, nowUtc));
        if (outcome.IsInvisible)
        {
            // The holder committed after the batch's snapshot: ask again, alone.
            var (entry, isNew) = await InsertOrGetAsync(key,
                new RegistryEntry(RegistryEntryKind.Claimed, psnNo, UInt128.Zero, Reversed: false, nowUtc));
            outcome = new ClaimOutcome(isNew, entry, IsInvisible: false);
        }
        var held = outcome.Holder!;
        var isMine = outcome.IsNew ||
            (held.Kind == RegistryEntryKind.Claimed && string.Equals(held.PsnNo, psnNo, StringComparison.Ordinal));
        return isMine ? null : held;
    }

    /// <inheritdoc />
    public async ValueTask<RegistryEntry?> TombstoneAsync(MessageKey key, DateTime nowUtc)
    {
        var (held, _) = await InsertOrGetAsync(key,
            new RegistryEntry(RegistryEntryKind.Tombstone, null, UInt128.Zero, Reversed: true, nowUtc));
        return held.Kind == RegistryEntryKind.Tombstone ? null : held;
    }

    /// <inheritdoc />
    public async ValueTask<RegistryEntry?> RecordReversalAsync(MessageKey key, UInt128 fingerprint, DateTime nowUtc)
    {
        var (held, _) = await InsertOrGetAsync(key,
            new RegistryEntry(RegistryEntryKind.Reversal, null, fingerprint, Reversed: false, nowUtc));
        var isSame = held.Kind == RegistryEntryKind.Reversal && held.Fingerprint == fingerprint;
        return isSame ? null : held;
    }

    /// <inheritdoc />
    public async ValueTask MarkReversedAsync(MessageKey key, DateTime nowUtc)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE engine_message_registry SET reversed = true, created_at = @now " +
            "WHERE institution = @institution AND msg_id = @msg_id");
        command.Parameters.Add(new NpgsqlParameter<string>("institution", key.Institution));
        command.Parameters.Add(new NpgsqlParameter<string>("msg_id", key.MsgId));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Deletes entries created before <paramref name="horizonUtc"/>; returns how many.</summary>
    public async Task<int> SweepAsync(DateTime horizonUtc, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM engine_message_registry WHERE created_at < @horizon");
        command.Parameters.Add(new NpgsqlParameter<DateTime>("horizon", horizonUtc));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async ValueTask<(RegistryEntry Held, bool IsNew)> InsertOrGetAsync(MessageKey key, RegistryEntry entry)
    {
        await using var command = dataSource.CreateCommand(InsertOrGet);
        command.Parameters.Add(new NpgsqlParameter<string>("institution", key.Institution));
        command.Parameters.Add(new NpgsqlParameter<string>("msg_id", key.MsgId));
        command.Parameters.Add(new NpgsqlParameter<short>("kind", (short)entry.Kind));
        command.Parameters.Add(new NpgsqlParameter("psn_no", (object?)entry.PsnNo ?? DBNull.Value)
        {
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar,
        });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("fingerprint", ToBytes(entry.Fingerprint)));
        command.Parameters.Add(new NpgsqlParameter<bool>("reversed", entry.Reversed));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("created_at", DateTime.SpecifyKind(entry.CreatedAtUtc, DateTimeKind.Utc)));
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            // The holder committed after this statement took its snapshot (or was swept): run it again.
            await reader.DisposeAsync();
            return await InsertOrGetAsync(key, entry);
        }
        var held = new RegistryEntry(
            (RegistryEntryKind)reader.GetInt16(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? UInt128.Zero : FromBytes(reader.GetFieldValue<byte[]>(2)),
            reader.GetBoolean(3),
            reader.GetDateTime(4));
        return (held, reader.GetBoolean(5));
    }

    private async Task<IReadOnlyList<ClaimOutcome>> ClaimBatchAsync(
        IReadOnlyList<(MessageKey Key, string PsnNo, DateTime NowUtc)> batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ClaimBatch);
        command.Parameters.Add(new NpgsqlParameter<string[]>("institution", [.. batch.Select(c => c.Key.Institution)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("msg_id", [.. batch.Select(c => c.Key.MsgId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("psn_no", [.. batch.Select(c => c.PsnNo)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("created_at",
            [.. batch.Select(c => DateTime.SpecifyKind(c.NowUtc, DateTimeKind.Utc))]));
        var outcomes = new List<ClaimOutcome>(batch.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var holder = new RegistryEntry(
                reader.IsDBNull(1) ? RegistryEntryKind.Claimed : (RegistryEntryKind)reader.GetInt16(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? UInt128.Zero : FromBytes(reader.GetFieldValue<byte[]>(3)),
                reader.GetBoolean(4),
                reader.GetDateTime(5));
            outcomes.Add(new ClaimOutcome(reader.GetBoolean(0), holder, reader.GetBoolean(6)));
        }
        return outcomes;
    }

    private static byte[] ToBytes(UInt128 value)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return bytes;
    }

    private static UInt128 FromBytes(byte[] bytes) =>
        bytes.Length == 16 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes) : UInt128.Zero;
}
