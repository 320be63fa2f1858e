namespace Engine.Lifecycle;

/// <summary>What became of a logged message.</summary>
public enum MessageOutcome : byte
{
    /// <summary>Executed and accepted; its effects are in the state.</summary>
    Accepted = 0,

    /// <summary>Executed and rejected; the rejection is the stored reply.</summary>
    Rejected = 1,

    /// <summary>Reversed by 2601, or tombstoned before or after it was seen: its msgId gets REVERSED_MSGID.</summary>
    Reversed = 2,
}
