using Cri.Protos;

namespace Cri.Tracing.Instrumentation;

/// <summary>Options of <see cref="CriClientTracingInterceptor"/>.</summary>
public sealed class CriClientTracingOptions : CriInstrumentationOptions
{
    /// <summary>
    /// Gets or sets the runtime endpoint the calls go to, recorded as <c>server.address</c> (the
    /// socket path for <c>unix://</c>) and <c>server.port</c>. Default: <see langword="null"/>, no
    /// such attributes (an interceptor does not see the channel's address).
    /// </summary>
    public CriEndpoint? Endpoint { get; set; }
}
