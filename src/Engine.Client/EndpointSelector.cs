namespace Engine.Client;

/// <summary>
/// Which gateway a client connects to next: its home endpoint, the next one round-robin after the current one
/// could not be reached or was lost, and home again <c>homeRetryMs</c> after leaving it (nothing tells a client
/// that a restarted silo is back, so it has to look; this is what spreads the load again).
/// </summary>
/// <remarks>Thread-safe. Moving is compare-and-swap on the failed endpoint, so several connections lost to one dead
/// silo move the client once, not once each.</remarks>
internal sealed class EndpointSelector
{
    private readonly GatewayEndpoint[] endpoints;
    private readonly int homeIndex;
    private readonly int homeRetryMs;
    private int currentIndex;
    private long leftHomeTicksMs;

    /// <param name="endpoints">At least one, validated.</param>
    /// <param name="homeIndex">The preferred endpoint's index.</param>
    /// <param name="homeRetryMs">How long after leaving home to try it again; 0 never.</param>
    public EndpointSelector(IReadOnlyList<GatewayEndpoint> endpoints, int homeIndex, int homeRetryMs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(endpoints.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(homeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(homeIndex, endpoints.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(homeRetryMs);
        this.endpoints = [.. endpoints];
        this.homeIndex = homeIndex;
        this.homeRetryMs = homeRetryMs;
        currentIndex = homeIndex;
    }

    /// <summary>How many endpoints there are: the attempts one connect round makes at most.</summary>
    public int Count => endpoints.Length;

    /// <summary>The home endpoint.</summary>
    public GatewayEndpoint Home => endpoints[homeIndex];

    /// <summary>The endpoint to use now; reading it moves the client home once the home retry is due.</summary>
    public GatewayEndpoint Current
    {
        get
        {
            var index = Volatile.Read(ref currentIndex);
            if (index != homeIndex && homeRetryMs > 0
                && Environment.TickCount64 - Volatile.Read(ref leftHomeTicksMs) >= homeRetryMs)
            {
                // Only the first reader after the deadline moves; a failover that raced with it wins.
                Interlocked.CompareExchange(ref currentIndex, homeIndex, index);
                return endpoints[Volatile.Read(ref currentIndex)];
            }
            return endpoints[index];
        }
    }

    /// <summary>Moves to the endpoint after <paramref name="failed"/> if the client is still on it.</summary>
    public void FailOver(GatewayEndpoint failed)
    {
        var index = Array.IndexOf(endpoints, failed);
        if (index < 0 || endpoints.Length == 1) return;
        var next = (index + 1) % endpoints.Length;
        if (Interlocked.CompareExchange(ref currentIndex, next, index) == index && index == homeIndex)
        {
            Volatile.Write(ref leftHomeTicksMs, Environment.TickCount64);
        }
    }
}
