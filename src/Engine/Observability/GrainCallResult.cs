namespace Engine.Observability;

/// <summary>How a grain call made by the gateway ended (tag <c>result</c> of <c>engine.grain.call.duration</c>).</summary>
internal enum GrainCallResult
{
    /// <summary><c>ok</c>: the grain answered (with any business status).</summary>
    Ok,

    /// <summary><c>timeout</c>: no answer within <c>Engine:RequestTimeoutMs</c>; replied OUTCOME_UNKNOWN.</summary>
    Timeout,

    /// <summary><c>error</c>: the call threw; replied OUTCOME_UNKNOWN.</summary>
    Error,
}
