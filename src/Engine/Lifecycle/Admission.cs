namespace Engine.Lifecycle;

/// <summary>A new message that passed a person's log: its key, operation and content fingerprint.</summary>
public readonly record struct Admission(MessageKey Key, Operation Operation, UInt128 Fingerprint);
