using MessagePack;

namespace Engine.Contracts.Wire;

/// <summary>Reads a frame body with context (the signed-in institution); the business Read methods fit.</summary>
public delegate T BodyReader<in TContext, out T>(ref MessagePackReader reader, TContext context);
