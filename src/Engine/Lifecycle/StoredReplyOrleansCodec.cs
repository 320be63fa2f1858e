using System.Buffers;
using Engine.Contracts.Messages;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace Engine.Lifecycle;

/// <summary>
/// Orleans' format of a <see cref="StoredReply"/>: the <see cref="TransactionReply"/> it holds, exactly as Orleans
/// wrote a log entry's reply before replies were kept encoded. A person row stored in Orleans' format before the
/// person-state codec existed therefore still reads (<c>GrainStateCodecs</c>), and what Orleans writes now is
/// byte for byte what it wrote then. Orleans' format is off the hot path: the person state is stored in its own
/// codec's format.
/// </summary>
[RegisterSerializer]
internal sealed class StoredReplyOrleansCodec(IFieldCodec<TransactionReply> replies) : IFieldCodec<StoredReply>
{
    /// <inheritdoc />
    public void WriteField<TBufferWriter>(
        ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, StoredReply value)
        where TBufferWriter : IBufferWriter<byte> =>
        replies.WriteField(ref writer, fieldIdDelta, typeof(TransactionReply), value.IsDefault ? null! : value.Decode());

    /// <inheritdoc />
    public StoredReply ReadValue<TInput>(ref Reader<TInput> reader, Field field) =>
        replies.ReadValue(ref reader, field) is { } reply ? StoredReply.Of(reply) : default;
}
