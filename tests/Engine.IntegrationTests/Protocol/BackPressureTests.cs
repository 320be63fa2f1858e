using System.Net.Sockets;
using Engine.Contracts.Wire;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.Protocol;

/// <summary>
/// A terminal that sends without reading its replies: the gateway holds at most the in-flight limit of replies for
/// it and stops reading it (TCP pushes back); every request is answered once the terminal reads again, and the
/// connection goes on working.
/// </summary>
public sealed class BackPressureTests : IAsyncLifetime
{
    private const int EchoBytes = 16 * 1024;
    private const int Echoes = 5_000; // 80 MB: far more than the socket buffers and the in-flight replies hold.
    private EngineSilo silo = null!;

    public async Task InitializeAsync() => silo = await EngineSilo.StartAsync(new Dictionary<string, string?>
    {
        ["Engine:InFlightPerConnectionMax"] = "16",
    });

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Echoes_TerminalNotReading_SendingStallsThenEveryEchoIsAnswered()
    {
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, SyntheticReference.Institution);
        var body = new byte[EchoBytes];
        var sent = 0;
        var sender = Task.Run(() =>
        {
            for (var i = 0; i < Echoes; i++)
            {
                terminal.Send(MessageType.Echo, body, static (ref MessagePack.MessagePackWriter writer, byte[] bytes) =>
                    writer.Write(bytes));
                Interlocked.Increment(ref sent);
            }
        });

        // Nobody reads: the sender stops once the gateway stops reading.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stalledAt = Volatile.Read(ref sent);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(sender.IsCompleted, $"all {Echoes} echoes were taken without a reply read");
        Assert.Equal(stalledAt, Volatile.Read(ref sent));

        var answered = new HashSet<ulong>();
        for (var i = 0; i < Echoes; i++)
        {
            var (header, reply) = await terminal.ReceiveAsync();
            Assert.Equal(MessageType.Echo, header.Type);
            Assert.True(answered.Add(header.CorrelationId), $"echo {header.CorrelationId} answered twice");
        }
        await sender.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Echoes, answered.Count);

        var (heartbeat, _) = await terminal.CallAsync(MessageType.Heartbeat, 0, (ref MessagePack.MessagePackWriter _, int _) => { });
        Assert.Equal(MessageType.Heartbeat, heartbeat.Type);
    }
}
