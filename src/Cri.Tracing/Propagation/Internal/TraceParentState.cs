namespace Cri.Tracing.Propagation.Internal;

/// <summary>What an incoming <c>traceparent</c> header says, read without allocating.</summary>
internal enum TraceParentState
{
    /// <summary>No header: the call is a root.</summary>
    Absent,

    /// <summary>A header that is not valid W3C trace context; it is ignored and the call is a root.</summary>
    Invalid,

    /// <summary>A valid parent whose sampled flag is clear.</summary>
    NotSampled,

    /// <summary>A valid parent whose sampled flag is set.</summary>
    Sampled,
}
