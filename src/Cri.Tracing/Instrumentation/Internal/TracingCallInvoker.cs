using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>
/// A call invoker that sends every call through a <see cref="CriClientTracingInterceptor"/>, as
/// Grpc.Core.Api's intercepting invoker does, without the continuation delegate that invoker
/// allocates per call: a call tracing skips costs what it costs without the interceptor.
/// </summary>
internal sealed class TracingCallInvoker(CallInvoker inner, CriClientTracingInterceptor interceptor) : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        => interceptor.IsActive
            ? interceptor.TraceBlockingUnary(request, new ClientInterceptorContext<TRequest, TResponse>(method, host, options), (inner, request), static (s, c) => s.inner.BlockingUnaryCall(c.Method, c.Host, c.Options, s.request))
            : inner.BlockingUnaryCall(method, host, options, request);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        => interceptor.IsActive
            ? interceptor.TraceAsyncUnary(request, new ClientInterceptorContext<TRequest, TResponse>(method, host, options), (inner, request), static (s, c) => s.inner.AsyncUnaryCall(c.Method, c.Host, c.Options, s.request))
            : inner.AsyncUnaryCall(method, host, options, request);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        => interceptor.IsActive
            ? interceptor.TraceServerStreaming(request, new ClientInterceptorContext<TRequest, TResponse>(method, host, options), (inner, request), static (s, c) => s.inner.AsyncServerStreamingCall(c.Method, c.Host, c.Options, s.request))
            : inner.AsyncServerStreamingCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        => interceptor.IsActive
            ? interceptor.TraceClientStreaming(new ClientInterceptorContext<TRequest, TResponse>(method, host, options), inner, static (inner, c) => inner.AsyncClientStreamingCall(c.Method, c.Host, c.Options))
            : inner.AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        => interceptor.IsActive
            ? interceptor.TraceDuplexStreaming(new ClientInterceptorContext<TRequest, TResponse>(method, host, options), inner, static (inner, c) => inner.AsyncDuplexStreamingCall(c.Method, c.Host, c.Options))
            : inner.AsyncDuplexStreamingCall(method, host, options);
}
