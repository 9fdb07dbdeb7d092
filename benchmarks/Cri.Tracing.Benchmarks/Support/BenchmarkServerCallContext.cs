using Grpc.Core;

namespace Cri.Tracing.Benchmarks.Support;

/// <summary>
/// A server call as grpc-dotnet hands it to an interceptor, for the benchmarks that call the
/// instrumentation's internal steps directly: the method, the request headers, and the status
/// the handler left (OK unless set).
/// </summary>
internal sealed class BenchmarkServerCallContext(string method, Metadata requestHeaders) : ServerCallContext
{
    private readonly Metadata responseTrailers = [];

    protected override string MethodCore => method;

    protected override string HostCore => "localhost";

    protected override string PeerCore => "unix:";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => requestHeaders;

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore => this.responseTrailers;

    protected override Status StatusCore { get; set; } = Status.DefaultSuccess;

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
