using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Engine.IntegrationTests.Observability;

/// <summary>
/// Puts every line it is given into <c>lines</c>, with the named fields of the scopes open around it (it takes part in the
/// factory's scopes, like the console logger with IncludeScopes).
/// </summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<CapturedLog> lines) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Enqueue(CapturedLog line) => lines.Enqueue(line);

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var fields = new Dictionary<string, object?>();
            provider.scopes.ForEachScope((scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs) into[key] = value;
                }
            }, fields);
            provider.Enqueue(new CapturedLog(category, eventId, logLevel, formatter(state, exception), fields));
        }
    }
}
