namespace Engine.Messaging;

/// <summary>What an institution-wide msgId stands for.</summary>
public enum RegistryEntryKind : byte
{
    /// <summary>Claimed by a person's transaction; the person's log holds the details.</summary>
    Claimed = 0,

    /// <summary>Reversed by 2601 before (or without) being seen: any message with this id gets REVERSED_MSGID.</summary>
    Tombstone = 1,

    /// <summary>The msgId of a 2601 itself.</summary>
    Reversal = 2,
}
