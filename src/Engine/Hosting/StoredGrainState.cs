namespace Engine.Hosting;

/// <summary>A copy of one grain state as an in-memory storage keeps it: the serialized bytes and their ETag.</summary>
public sealed class StoredGrainState(BinaryData data, string eTag)
{
    /// <summary>The state as <see cref="Persistence.GrainStateCodecs"/> encodes it.</summary>
    public BinaryData Data { get; } = data;

    /// <summary>Changes with every write.</summary>
    public string ETag { get; } = eTag;
}
