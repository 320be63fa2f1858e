namespace Engine.LoadTests.Chaos;

/// <summary>One SIGKILL of the run, in seconds since the load started.</summary>
/// <param name="ReadyAtSeconds">When the restarted incarnation listened again (joined the cluster), or null when it
/// did not come back.</param>
internal sealed record KillEvent(int Silo, int Pid, double KilledAtSeconds, double? ReadyAtSeconds);
