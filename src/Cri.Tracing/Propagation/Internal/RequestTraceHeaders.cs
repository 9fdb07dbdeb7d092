using Grpc.Core;
using Microsoft.Extensions.Primitives;

namespace Cri.Tracing.Propagation.Internal;

/// <summary>
/// The request headers a server call's trace context is read from: through the host's reader when
/// it has one (<see cref="Instrumentation.CriServerTracingOptions.RequestHeaderReader"/>), since
/// Grpc.AspNetCore builds <see cref="ServerCallContext.RequestHeaders"/> by copying every header of
/// the request; otherwise from that metadata.
/// </summary>
internal readonly struct RequestTraceHeaders(ServerCallContext context, Func<ServerCallContext, string, StringValues>? reader)
{
    /// <summary>Every value of a header; no allocation for none or one.</summary>
    public StringValues Get(string name)
        => reader is not null ? reader(context, name) : MetadataHeaders.Get(context.RequestHeaders, name);
}
