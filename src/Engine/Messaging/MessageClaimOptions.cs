namespace Engine.Messaging;

/// <summary>How the person grain claims a new msgId (<see cref="IHasMessageClaim"/>).</summary>
public sealed class MessageClaimOptions
{
    /// <summary>
    /// Commit the claim in the person's state write instead of in a commit of its own before the decision. Only for
    /// a person storage that honours <see cref="IHasMessageClaim"/> on the registry's own database (PostgreSQL, where
    /// the silo sets it); false by default, and for the in-memory engine.
    /// </summary>
    public bool CommitWithStateWrite { get; set; }
}
