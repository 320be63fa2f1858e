using Engine.Contracts.Grains;
using Microsoft.Extensions.Logging;

namespace Engine.Reference;

/// <summary>
/// The silo-local, versioned copy of the reference data that person grains read on the hot path. It refreshes
/// from <see cref="IReferenceGrain"/> when a caller needs a newer version than it holds (the version travels in
/// the request context from whoever loaded it) and by polling in the background, so a silo never serves an
/// old version for longer than the poll interval.
/// </summary>
public sealed partial class ReferenceCache(IGrainFactory grains, ILogger<ReferenceCache> logger) : IDisposable
{
    /// <summary>The request-context key carrying the minimum reference version a call needs.</summary>
    public const string MinimumVersionKey = "engine.refv";

    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private volatile ReferenceSnapshot current = ReferenceSnapshot.Empty;

    /// <summary>The snapshot this silo holds now.</summary>
    public ReferenceSnapshot Current => current;

    /// <summary>Makes sure <see cref="Current"/> is at least the version the request context asks for.</summary>
    public ValueTask<ReferenceSnapshot> EnsureCurrentAsync()
    {
        var needed = RequestContext.Get(MinimumVersionKey) is long version ? version : 0;
        var snapshot = current;
        return snapshot.Version >= needed && snapshot.Version > 0 ? ValueTask.FromResult(snapshot)
            : new ValueTask<ReferenceSnapshot>(RefreshAsync(needed));
    }

    /// <summary>Fetches the latest version when this silo holds an older one than <paramref name="needed"/>.</summary>
    public async Task<ReferenceSnapshot> RefreshAsync(long needed = 0)
    {
        await refreshGate.WaitAsync();
        try
        {
            if (current.Version >= needed && current.Version > 0) return current;
            var reference = grains.GetGrain<IReferenceGrain>(0);
            var latest = await reference.GetVersionAsync();
            if (latest != current.Version)
            {
                var fetched = await reference.GetAsync();
                current = new ReferenceSnapshot(fetched.Data, fetched.Version);
                LogRefreshed(logger, fetched.Version);
            }
            return current;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => refreshGate.Dispose();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Reference data version {Version} loaded.")]
    private static partial void LogRefreshed(ILogger logger, long version);
}
