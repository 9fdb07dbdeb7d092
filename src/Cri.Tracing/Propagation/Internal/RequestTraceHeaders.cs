using Grpc.Core;
using Microsoft.Extensions.Primitives;

namespace Cri.Tracing.Propagation.Internal;

/// <summary>
/// The request headers a server call's trace context is read from: through the host's reader when
/// it has one (<see cref="Instrumentation.CriServerTracingOptions.RequestHeaderReader"/>), since
/// Grpc.AspNetCore builds <see cref="ServerCallContext.RequestHeaders"/> by copying every header of
/// the request; otherwise from that metadata.
/// </summary>
internal readonly struct RequestTraceHeaders
{
    private readonly ServerCallContext? context;
    private readonly Func<ServerCallContext, string, StringValues>? reader;
    private readonly Metadata? metadata;

    public RequestTraceHeaders(ServerCallContext context, Func<ServerCallContext, string, StringValues>? reader)
    {
        this.context = context;
        this.reader = reader;
    }

    public RequestTraceHeaders(Metadata metadata)
    {
        this.metadata = metadata;
    }

    /// <summary>Every value of a header; no allocation for none or one.</summary>
    public StringValues Get(string name)
        => this.reader is not null ? this.reader(this.context!, name) : MetadataHeaders.Get(this.metadata ?? this.context?.RequestHeaders, name);
}
