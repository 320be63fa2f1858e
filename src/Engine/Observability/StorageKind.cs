namespace Engine.Observability;

/// <summary>The storage operations a person grain times (tag <c>kind</c> of <c>engine.storage.duration</c>).</summary>
internal enum StorageKind
{
    /// <summary><c>state_write</c>: the person's grain state, outbox included, written before the reply.</summary>
    StateWrite,

    /// <summary><c>ledger_append</c>: the outbox appended to the ledger store after the reply is decided.</summary>
    LedgerAppend,
}
