namespace Engine.Contracts.Wire;

/// <summary>The reply to Ping: the request's value, returned by the grain.</summary>
public sealed record PingReplyBody(int Value);
