using Cri.Protos;
using Grpc.Core;
using Microsoft.Extensions.Primitives;

namespace Cri.Tracing.Instrumentation;

/// <summary>Options of <see cref="CriServerTracingInterceptor"/>.</summary>
public sealed class CriServerTracingOptions : CriInstrumentationOptions
{
    /// <summary>
    /// Gets or sets the endpoint the runtime serves, recorded as <c>server.address</c> (the socket
    /// path for <c>unix://</c>) and <c>server.port</c>. When <see langword="null"/> (the default)
    /// they are read from each call's <c>:authority</c> (<c>localhost</c> over a Unix socket).
    /// Setting it saves that work on every call. Cri.Tracing.Hosting's <c>AddCriTracing</c> sets it
    /// to the host's Unix socket when the host listens on exactly one.
    /// </summary>
    public CriEndpoint? Endpoint { get; set; }

    /// <summary>
    /// Gets or sets whether to add CRI-O's span layout: under each server span, a child of kind
    /// INTERNAL named with the leading slash (<c>/runtime.v1.RuntimeService/RunPodSandbox</c>),
    /// carrying <c>id</c> (a UUID per request) and <c>name</c> (that same path), on which the
    /// bridged logs and payload events land, each with the same <c>id</c> and <c>name</c>.
    /// Default: <see langword="false"/>.
    /// </summary>
    public bool CrioSpanLayout { get; set; }

    /// <summary>
    /// Gets or sets how a call's trace headers (<c>traceparent</c>, <c>tracestate</c>, <c>baggage</c>)
    /// are read: given the call and a lower-case header name, every value of that header. When
    /// <see langword="null"/> (the default) they are read from <see cref="ServerCallContext.RequestHeaders"/>.
    /// </summary>
    /// <remarks>
    /// Grpc.AspNetCore builds <see cref="ServerCallContext.RequestHeaders"/> on first use by copying
    /// every header of the request, 120 to 220 bytes a call; reading the HTTP request's headers
    /// directly costs nothing: <c>(call, name) =&gt; call.GetHttpContext().Request.Headers[name]</c>.
    /// Cri.Tracing.Hosting's <c>AddCriTracing</c> sets such a reader.
    /// </remarks>
    public Func<ServerCallContext, string, StringValues>? RequestHeaderReader { get; set; }
}
