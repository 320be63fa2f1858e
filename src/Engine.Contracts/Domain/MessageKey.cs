namespace Engine.Lifecycle;

/// <summary>The idempotency key of a state-changing transaction (rules.md §7): (institution, msgId).</summary>
[GenerateSerializer, Immutable, Alias("Engine.Lifecycle.MessageKey")]
public readonly record struct MessageKey([property: Id(0)] string Institution, [property: Id(1)] string MsgId)
{
    /// <inheritdoc />
    public override string ToString() => Institution + "/" + MsgId;
}
