using System.Buffers;

namespace Engine.Persistence;

/// <summary>
/// A persisted format of its own for one grain-state type, which the engine's grain storages use instead of Orleans'
/// serializer (<see cref="GrainStateCodecs"/>). Implement <see cref="IGrainStateCodec{T}"/>.
/// </summary>
public interface IGrainStateCodec
{
    /// <summary>The state type this codec stores: exactly the <c>T</c> of the grain's
    /// <c>IPersistentState&lt;T&gt;</c>.</summary>
    Type StateType { get; }

    /// <summary>
    /// Does <paramref name="data"/> start with this codec's format marker? A stored state of <see cref="StateType"/>
    /// that does not was written before the codec existed, in Orleans' format.
    /// </summary>
    bool IsOwnFormat(ReadOnlySpan<byte> data);
}

/// <summary>A persisted format of its own for grain states of type <typeparamref name="T"/>.</summary>
public interface IGrainStateCodec<T> : IGrainStateCodec
{
    Type IGrainStateCodec.StateType => typeof(T);

    /// <summary>The stored form of <paramref name="state"/>: one array of exactly its length.</summary>
    byte[] Encode(T state);

    /// <summary>The stored form of <paramref name="state"/>, written to <paramref name="output"/>.</summary>
    void Encode(T state, IBufferWriter<byte> output);

    /// <summary>The state <paramref name="data"/> holds; throws <see cref="InvalidDataException"/> for anything
    /// else.</summary>
    T Decode(ReadOnlyMemory<byte> data);
}
