namespace Engine.LoadTests.Chaos;

/// <summary>How many silos have been started so far (terminals fail over among those); grows when one is
/// added.</summary>
internal sealed class SiloRoster(int started)
{
    private int started = started;

    public int Started => Volatile.Read(ref started);

    public void Add() => Interlocked.Increment(ref started);
}
