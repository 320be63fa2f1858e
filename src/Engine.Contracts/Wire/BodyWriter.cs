using MessagePack;

namespace Engine.Contracts.Wire;

/// <summary>Writes <paramref name="value"/> as a frame body; the <see cref="MessageCodec"/> Write methods
/// fit.</summary>
public delegate void BodyWriter<in T>(ref MessagePackWriter writer, T value);
