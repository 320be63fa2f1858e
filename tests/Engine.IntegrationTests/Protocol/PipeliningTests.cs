using System.Buffers;
using Engine.Contracts.Wire;
using Engine.IntegrationTests.Infrastructure;

namespace Engine.IntegrationTests.Protocol;

/// <summary>Many connections with many requests in flight each, on a gateway with its default time-outs.</summary>
public sealed class PipeliningTests : IAsyncLifetime
{
    private EngineSilo silo = null!;

    public async Task InitializeAsync()
    {
        silo = await EngineSilo.StartAsync();
        await silo.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 4));
    }

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Connections100_Pipelined1000Each_EveryReplyMatchesItsRequest()
    {
        var tasks = Enumerable.Range(0, 100).Select(async connection =>
        {
            using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, SyntheticReference.Institution);
            var expected = new Dictionary<ulong, int>();
            for (var i = 0; i < 1000; i++)
            {
                var value = connection * 10_000 + i;
                var type = i % 2 == 0 ? MessageType.Echo : MessageType.Ping;
                var correlation = type == MessageType.Ping
                    ? terminal.Send(MessageType.Ping, new PingBody(SyntheticReference.PsnNo(i % 4), value), MessageCodec.Write)
                    : terminal.Send(MessageType.Echo, new PingReplyBody(value), MessageCodec.Write);
                expected[correlation] = value;
            }
            for (var i = 0; i < 1000; i++)
            {
                var (header, body) = await terminal.ReceiveAsync();
                if (header.Type == MessageType.Error)
                {
                    Assert.Fail(MessageCodec.Decode(new ReadOnlySequence<byte>(body), MessageCodec.ReadError).Message);
                }
                // An echo returns the PingReplyBody bytes it was sent; a ping answers with one.
                var value = MessageCodec.Decode(new ReadOnlySequence<byte>(body), MessageCodec.ReadPingReply).Value;
                Assert.True(expected.Remove(header.CorrelationId, out var sent), $"unexpected correlation {header.CorrelationId}");
                Assert.Equal(sent, value);
            }
            Assert.Empty(expected);
        });

        await Task.WhenAll(tasks);
    }

}
