using System.Buffers;
using System.Collections.Frozen;
using Orleans.Serialization;

namespace Engine.Persistence;

/// <summary>
/// The stored form of grain states, as the engine's own storages (<see cref="Hosting.InMemoryGrainStorage"/>,
/// <see cref="PostgresGrainStorage"/>) write and read it: a state type with a codec of its own
/// (<see cref="IGrainStateCodec{T}"/>; the person state has <see cref="PersonStateCodec"/>) is stored in that
/// codec's format, every other type in Orleans' binary format.
/// </summary>
/// <remarks>
/// The person state is written on every state-changing request, and Orleans' format reference-tracks every string
/// of it: in the profile of the silo under the settle load that bookkeeping alone took about a quarter of the CPU
/// (docs/performance.md). Rarely written states (the reference grain's) keep Orleans' format, versioned by their
/// <c>[Id]</c>s. A stored state of a codec's type without the codec's marker was written before the codec existed;
/// it is read with Orleans' serializer, and the grain's next write stores it in the codec's format.
/// </remarks>
public sealed class GrainStateCodecs
{
    private readonly Serializer serializer;
    private readonly FrozenDictionary<Type, IGrainStateCodec> codecsByStateType;

    /// <summary>Orleans' <paramref name="serializer"/> for every state type none of <paramref name="codecs"/>
    /// stores.</summary>
    public GrainStateCodecs(Serializer serializer, IEnumerable<IGrainStateCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(codecs);
        this.serializer = serializer;
        var byStateType = new Dictionary<Type, IGrainStateCodec>();
        foreach (var codec in codecs)
        {
            if (!byStateType.TryAdd(codec.StateType, codec))
            {
                throw new ArgumentException(
                    $"Two codecs store {codec.StateType}: {byStateType[codec.StateType]} and {codec}.", nameof(codecs));
            }
        }
        codecsByStateType = byStateType.ToFrozenDictionary();
    }

    /// <summary>The stored form of <paramref name="state"/>, in one array of exactly its length.</summary>
    public byte[] Encode<T>(T state) =>
        codecsByStateType.TryGetValue(typeof(T), out var codec)
            ? ((IGrainStateCodec<T>)codec).Encode(state)
            // Through the serializer's pooled buffers into one array: OrleansGrainStorageSerializer grows an array
            // by doubling and the bytes would then be copied once more. The format is the same.
            : serializer.SerializeToArray(state);

    /// <summary>The stored form of <paramref name="state"/> (as <see cref="Encode{T}(T)"/>), written to
    /// <paramref name="output"/>.</summary>
    public void Encode<T>(T state, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (codecsByStateType.TryGetValue(typeof(T), out var codec)) ((IGrainStateCodec<T>)codec).Encode(state, output);
        else output.Write(serializer.SerializeToArray(state)); // Reference data and the like: rare writes.
    }

    /// <summary>The state <paramref name="data"/> holds, as <see cref="Encode{T}(T)"/> (or, for a state written before
    /// its type had a codec, Orleans' serializer) stored it; null only where a null state was stored.</summary>
    public T? Decode<T>(ReadOnlyMemory<byte> data) =>
        codecsByStateType.TryGetValue(typeof(T), out var codec) && codec.IsOwnFormat(data.Span)
            ? ((IGrainStateCodec<T>)codec).Decode(data)
            : serializer.Deserialize<T>(data);
}
