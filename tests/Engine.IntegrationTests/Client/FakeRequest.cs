using System.Buffers;
using Engine.Contracts.Wire;

namespace Engine.IntegrationTests.Client;

/// <summary>One request frame the fake engine received after sign-in, in arrival order.</summary>
/// <param name="Connection">The connection's number, 1 for the first accepted.</param>
/// <param name="Institution">The institution the connection signed in as.</param>
/// <param name="Body">A copy of the body.</param>
internal sealed record FakeRequest(
    int Connection, string Institution, MessageType Type, ulong CorrelationId, byte[] Body)
{
    /// <summary>Decodes a business body the way the gateway does, with the connection's institution.</summary>
    public T Decode<T>(BodyReader<string, T> read) =>
        MessageCodec.Decode(new ReadOnlySequence<byte>(Body), Institution, read);

    /// <summary>Decodes a body that needs no context.</summary>
    public T Decode<T>(BodyReader<T> read) => MessageCodec.Decode(new ReadOnlySequence<byte>(Body), read);
}
