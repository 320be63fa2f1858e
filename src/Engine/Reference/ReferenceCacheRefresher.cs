using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engine.Reference;

/// <summary>Polls the reference version so that a rule loaded on another silo takes effect here within seconds.</summary>
public sealed partial class ReferenceCacheRefresher(ReferenceCache cache, ILogger<ReferenceCacheRefresher> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await cache.RefreshAsync(minimumVersion: long.MaxValue);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPollFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Reference version poll failed; will retry.")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
