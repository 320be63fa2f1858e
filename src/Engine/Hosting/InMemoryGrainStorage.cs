using Engine.Persistence;
using Orleans.Storage;

namespace Engine.Hosting;

/// <summary>
/// In-process grain storage for the in-memory engine. Orleans' memory storage sends every write, after
/// serializing it, to a storage grain (a deep copy of the bytes and a grain hop per write); this one keeps the
/// bytes in a table shared by the process's silos of the service. Reads deserialize, so a re-activated grain (for
/// instance after a failed transaction) gets an independent copy of the last written state, never the live object.
/// The bytes are those of <see cref="GrainStateCodecs"/>, as the PostgreSQL storage stores them: the person state in
/// <see cref="PersonStateCodec"/>'s format, other states in Orleans' binary format.
/// </summary>
public sealed class InMemoryGrainStorage(InMemoryGrainStateTable table, GrainStateCodecs codecs) : IGrainStorage
{
    /// <summary>The table this storage reads and writes.</summary>
    public InMemoryGrainStateTable Table { get; } = table;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            var stored = Table.Read(stateName, grainId);
            if (stored is null)
            {
                grainState.ETag = null;
                grainState.RecordExists = false;
                return Task.CompletedTask;
            }
            grainState.State = codecs.Decode<T>(stored.Data.ToMemory()) ?? Activator.CreateInstance<T>();
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        // Encoded into a buffer the thread keeps, then copied into the grain's chunks (InMemoryGrainStateTable.Write):
        // no array per write. Completed synchronously: the grain's turn goes on without a thread hop, and nothing of
        // the awaits above it (Orleans' storage bridge, the grain's own) suspends.
        var buffer = EncodeBuffers.Take();
        try
        {
            codecs.Encode(grainState.State, buffer);
            grainState.ETag = Table.Write(stateName, grainId, buffer.WrittenSpan, grainState.ETag);
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
        finally
        {
            EncodeBuffers.Give(buffer);
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            Table.Clear(stateName, grainId, grainState.ETag);
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }
}
