using Engine.Contracts.Grains;
using Microsoft.Extensions.Logging;

namespace Engine.Reference;

/// <summary>
/// The silo-local, versioned copy of the reference data that person grains read on the hot path. It refreshes
/// from <see cref="IReferenceGrain"/> when a caller needs a newer version than it holds (each person-grain call
/// names the version its caller loaded or was told about) and by polling in the background, so a silo never serves
/// an old version for longer than the poll interval.
/// </summary>
public sealed partial class ReferenceCache(IGrainFactory grains, ILogger<ReferenceCache> logger) : IDisposable
{
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private volatile ReferenceSnapshot current = ReferenceSnapshot.Empty;

    /// <summary>The snapshot this silo holds now.</summary>
    public ReferenceSnapshot Current => current;

    /// <summary>
    /// Makes sure <see cref="Current"/> is at least <paramref name="minimumVersion"/> (0: any), and that some version
    /// is loaded.
    /// </summary>
    public ValueTask<ReferenceSnapshot> EnsureCurrentAsync(long minimumVersion)
    {
        var snapshot = current;
        return snapshot.Version >= minimumVersion && snapshot.Version > 0 ? ValueTask.FromResult(snapshot)
            : new ValueTask<ReferenceSnapshot>(RefreshAsync(minimumVersion));
    }

    /// <summary>Fetches the latest version when this silo holds an older one than <paramref name="minimumVersion"/>.</summary>
    public async Task<ReferenceSnapshot> RefreshAsync(long minimumVersion = 0)
    {
        await refreshGate.WaitAsync();
        try
        {
            if (current.Version >= minimumVersion && current.Version > 0) return current;
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
