using Cri.Tracing.Propagation.Internal;
using Grpc.Core;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>A server call as an interceptor sees it, without a server.</summary>
internal sealed class FakeServerCallContext(string method, Metadata? requestHeaders = null) : ServerCallContext
{
    private readonly Metadata requestHeaders = requestHeaders ?? [];
    private readonly Metadata responseTrailers = [];

    protected override string MethodCore => method;

    protected override string HostCore => "localhost";

    protected override string PeerCore => "unix:";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    /// <summary>The trace headers of a call that carries <paramref name="metadata"/>, read from it.</summary>
    public static RequestTraceHeaders HeadersOf(Metadata metadata) => new(new FakeServerCallContext("/test.v1.Test/Call", metadata), null);

    /// <summary>Gets how many times the interceptor asked for <see cref="ServerCallContext.RequestHeaders"/>.</summary>
    public int RequestHeaderReads { get; private set; }

    protected override Metadata RequestHeadersCore
    {
        get
        {
            this.RequestHeaderReads++;
            return this.requestHeaders;
        }
    }

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore => this.responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
