using Microsoft.Extensions.Logging;

namespace Engine.IntegrationTests.Observability;

/// <summary>One line a <see cref="CapturingLoggerProvider"/> saw, with the fields of every scope open around it.</summary>
public sealed record CapturedLog(string Category, EventId EventId, LogLevel Level, string Message,
    IReadOnlyDictionary<string, object?> ScopeFields);
