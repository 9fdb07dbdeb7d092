using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Cri.Protos.Tests.SampleClient;

/// <summary>An interceptor in front of a channel that counts the unary calls through it, as a tracing interceptor would see them.</summary>
internal sealed class CountingInterceptor : Interceptor
{
    private int calls;

    public int Calls => this.calls;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        Interlocked.Increment(ref this.calls);
        return continuation(request, context);
    }
}
