using Engine.Contracts.Wire;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.Protocol;

/// <summary>
/// Goal: once signed in, a terminal is held to the idle time-out, not to the (shorter) handshake deadline — a
/// terminal that says nothing for a while right after sign-in must not be cut.
/// </summary>
public sealed class IdleTimeoutTests
{
    [Fact]
    public async Task SignedIn_QuietLongerThanTheHandshakeTimeout_StillAnswered()
    {
        await using var silo = await EngineSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Engine:HandshakeTimeoutMs"] = "1000",
            ["Engine:IdleTimeoutMs"] = "20000",
        });
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, SyntheticReference.Institution);

        await Task.Delay(2_500); // Longer than the handshake deadline, well inside the idle time-out.

        var (header, _) = await terminal.CallAsync(MessageType.Heartbeat, 0, (ref MessagePack.MessagePackWriter _, int _) => { });
        Assert.Equal(MessageType.Heartbeat, header.Type);
    }
}
