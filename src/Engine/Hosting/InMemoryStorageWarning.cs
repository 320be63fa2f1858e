using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engine.Hosting;

/// <summary>Says loudly, at start-up, that an in-memory engine keeps nothing.</summary>
internal sealed partial class InMemoryStorageWarning(ILogger<InMemoryStorageWarning> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogNotDurable(logger);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message =
        "STORAGE IS IN MEMORY: settlements are NOT durable and are lost when this process exits. " +
        "Set Engine__Storage=postgres and ConnectionStrings__Engine for a durable engine.")]
    private static partial void LogNotDurable(ILogger logger);
}
