using Engine.LoadTests.Running;

namespace Engine.LoadTests.Scenarios;

/// <summary><c>echo</c>: an Echo frame (64 bytes) answered by the gateway itself — the transport's ceiling.</summary>
internal sealed class EchoScenario(World world, LiveMetrics live) : ScenarioBase(live)
{
    private const string Op = "0005 echo";
    private static readonly byte[] Payload = [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 37))];

    public override string IterationName => "echo";

    public override async Task<Outcome> RunAsync(PhaseStats phase, long iteration, long dueTicks)
    {
        var terminal = world.TerminalFor(iteration);
        try
        {
            var connection = await terminal.GetAsync();
            var length = await connection.EchoAsync(Payload);
            Record(phase, Op, length == Payload.Length ? "OK" : "WRONG_ECHO", dueTicks);
            return length == Payload.Length ? Outcome.Ok : throw new IterationException(Outcome.Error, "echo: wrong length");
        }
        catch (TimeoutException)
        {
            Record(phase, Op, "TIMEOUT", dueTicks);
            return Outcome.Timeout;
        }
    }
}

/// <summary><c>ping</c>: gateway → one no-op call on a person grain → reply (the grain round trip's ceiling).</summary>
internal sealed class PingScenario(World world, LiveMetrics live) : ScenarioBase(live)
{
    private const string Op = "0006 ping";

    public override string IterationName => "ping";

    public override async Task<Outcome> RunAsync(PhaseStats phase, long iteration, long dueTicks)
    {
        var terminal = world.TerminalFor(iteration);
        var person = world.PersonFor(terminal);
        var value = (int)(iteration & int.MaxValue);
        try
        {
            var connection = await terminal.GetAsync();
            var echoed = await connection.PingAsync(person.PsnNo, value);
            Record(phase, Op, echoed == value ? "OK" : "WRONG_VALUE", dueTicks);
            return echoed == value ? Outcome.Ok : throw new IterationException(Outcome.Error, "ping: wrong value");
        }
        catch (TimeoutException)
        {
            Record(phase, Op, "TIMEOUT", dueTicks);
            return Outcome.Timeout;
        }
    }
}
