using System.Buffers;
using Engine.Contracts.Messages;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace Engine.Lifecycle;

/// <summary>
/// Orleans' format of a <see cref="StoredReply"/>: the <see cref="TransactionReply"/> it holds, as Orleans wrote a log
/// entry's reply before replies were kept encoded, so a person row stored in Orleans' format before the person-state
/// codec existed still reads (<c>GrainStateCodecs</c>). (The same layout, not always the same bytes: a decoded reply's
/// strings are its own, where Orleans used to refer back to an equal string of the state.) Orleans' format is off the
/// hot path: the person state is stored in its own codec's format.
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
