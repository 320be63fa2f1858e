using Engine.Lifecycle;
using Npgsql;

namespace Engine.Messaging;

/// <summary>
/// The msgId registry in PostgreSQL (<c>engine_message_registry</c>). Each operation is one statement on the
/// primary key (institution, msg_id), so a claim and a tombstone of the same msgId cannot both win: the
/// database is the arbiter. Expired rows are deleted by <see cref="SweepAsync"/>.
/// </summary>
public sealed class PostgresMessageRegistry(NpgsqlDataSource dataSource) : IMessageRegistry
{
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
        var (held, isNew) = await InsertOrGetAsync(key,
            new RegistryEntry(RegistryEntryKind.Claimed, psnNo, UInt128.Zero, Reversed: false, nowUtc));
        var isMine = isNew ||
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

    private static byte[] ToBytes(UInt128 value)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return bytes;
    }

    private static UInt128 FromBytes(byte[] bytes) =>
        bytes.Length == 16 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes) : UInt128.Zero;
}
