using MessagePack;

namespace Engine.Contracts.Wire;

/// <summary>Reads a frame body; the argument-free <see cref="MessageCodec"/> Read methods fit.</summary>
public delegate T BodyReader<out T>(ref MessagePackReader reader);
