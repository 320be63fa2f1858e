using Engine.Contracts.Messages;
using Engine.Persistence;

namespace Engine.Lifecycle;

/// <summary>
/// A reply kept in the person's idempotency log for the message's retransmissions, in its stored form: the
/// person-state codec's bytes of the <see cref="TransactionReply"/> — one array instead of the reply's objects (a
/// 2204 reply is a record, a line array and a record per line). The log keeps every reply for the message retention
/// and a retransmission reads one rarely, while each state write encoded them all again: now a reply is encoded
/// once, when it is logged, and later writes copy its bytes. In Orleans' format it is the reply itself
/// (<see cref="StoredReplyOrleansCodec"/>).
/// </summary>
[Immutable]
public readonly struct StoredReply
{
    private readonly byte[]? encoded;

    private StoredReply(byte[] encoded) => this.encoded = encoded;

    /// <summary>No reply: a record built without one, which the state codec refuses to store.</summary>
    public bool IsDefault => encoded is null;

    /// <summary>The stored bytes: the state codec's TransactionReply array.</summary>
    public ReadOnlySpan<byte> Encoded => encoded;

    /// <summary>The stored form of <paramref name="reply"/>.</summary>
    public static StoredReply Of(TransactionReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new StoredReply(PersonStateCodec.EncodeReply(reply));
    }

    /// <summary>A reply read back from a stored state: the bytes <see cref="Encoded"/> gave when it was written.</summary>
    internal static StoredReply FromEncoded(byte[] encoded) => new(encoded);

    /// <summary>The reply, decoded anew on each call.</summary>
    /// <exception cref="InvalidOperationException">No reply is stored (<see cref="IsDefault"/>).</exception>
    public TransactionReply Decode() =>
        PersonStateCodec.DecodeReply(encoded ?? throw new InvalidOperationException("No reply is stored."));
}
