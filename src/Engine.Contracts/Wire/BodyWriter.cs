using MessagePack;

namespace Engine.Contracts.Wire;

/// <summary>Writes <paramref name="value"/> as a frame body; the <see cref="MessageCodec"/> Write methods
/// fit.</summary>
public delegate void BodyWriter<in T>(ref MessagePackWriter writer, T value);

/// <summary>Reads a frame body; the argument-free <see cref="MessageCodec"/> Read methods fit.</summary>
public delegate T BodyReader<out T>(ref MessagePackReader reader);

/// <summary>Reads a frame body with context (the signed-in institution); the business Read methods fit.</summary>
public delegate T BodyReader<in TContext, out T>(ref MessagePackReader reader, TContext context);
