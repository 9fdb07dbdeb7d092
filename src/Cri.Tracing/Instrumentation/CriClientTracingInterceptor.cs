using Cri.Tracing.Instrumentation.Internal;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Instrumentation;

/// <summary>
/// One CLIENT span per CRI call, as the kubelet's CRI client makes it
/// (<c>runtime.v1.RuntimeService/RunPodSandbox</c>), child of the caller's current span, sending
/// W3C <c>traceparent</c>, <c>tracestate</c> and <c>baggage</c> in the call's metadata.
/// </summary>
/// <remarks>
/// <para>
/// Use it on a channel (<c>channel.Intercept(new CriClientTracingInterceptor())</c>) or a client
/// factory registration (<c>AddGrpcClient&lt;RuntimeService.RuntimeServiceClient&gt;(...).AddInterceptor&lt;CriClientTracingInterceptor&gt;()</c>,
/// options from <c>IOptions&lt;CriClientTracingOptions&gt;</c>). With no tracer provider listening
/// to <see cref="CriTracing.ActivitySourceName"/> a call passes straight through.
/// </para>
/// <para>
/// The span ends with the call: when the response arrives, when a response stream ends, when the
/// call fails (its status from grpc-dotnet's <see cref="RpcException"/>), or when the caller
/// disposes the call first (CANCELLED). Every status but OK marks it as an error. Nothing below it
/// adds a second span or header: the call starts with no current Activity, so Grpc.Net.Client
/// makes none of its own, and with OpenTelemetry's instrumentation suppressed, so no other
/// instrumentation records one; the <c>traceparent</c> written here is the one sent.
/// </para>
/// </remarks>
public sealed class CriClientTracingInterceptor : Interceptor
{
    private readonly ClientTracing tracing;

    /// <summary>Initializes a new instance of the <see cref="CriClientTracingInterceptor"/> class with the default options.</summary>
    public CriClientTracingInterceptor()
        : this(new CriClientTracingOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CriClientTracingInterceptor"/> class.</summary>
    /// <param name="options">The options, read once, here.</param>
    public CriClientTracingInterceptor(CriClientTracingOptions options)
    {
        this.tracing = new ClientTracing(options);
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="CriClientTracingInterceptor"/> class from the
    /// application's options; what the options build is shared by every interceptor made from them.
    /// </summary>
    /// <param name="options">The options.</param>
    [ActivatorUtilitiesConstructor]
    public CriClientTracingInterceptor(IOptions<CriClientTracingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.tracing = ClientTracing.For(options.Value);
    }

    /// <summary>Gets whether calls may be traced at all: the first test of every call.</summary>
    internal bool IsActive => this.tracing.IsActive;

    /// <inheritdoc/>
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
        => this.IsActive
            ? this.TraceBlockingUnary(request, context, (request, continuation), static (s, c) => s.continuation(s.request, c))
            : continuation(request, context);

    /// <inheritdoc/>
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        => this.IsActive
            ? this.TraceAsyncUnary(request, context, (request, continuation), static (s, c) => s.continuation(s.request, c))
            : continuation(request, context);

    /// <inheritdoc/>
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
        => this.IsActive
            ? this.TraceServerStreaming(request, context, (request, continuation), static (s, c) => s.continuation(s.request, c))
            : continuation(request, context);

    /// <inheritdoc/>
    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
        => this.IsActive
            ? this.TraceClientStreaming(context, continuation, static (continuation, c) => continuation(c))
            : continuation(context);

    /// <inheritdoc/>
    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
        => this.IsActive
            ? this.TraceDuplexStreaming(context, continuation, static (continuation, c) => continuation(c))
            : continuation(context);

    // The Trace methods are the call shapes once IsActive said yes, shared with TracingCallInvoker:
    // each starts the call through a static function of its state (the continuation and request
    // here, the inner invoker and request there), so neither allocates a delegate per call.

    internal TResponse TraceBlockingUnary<TRequest, TResponse, TState>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, TState state, Func<TState, ClientInterceptorContext<TRequest, TResponse>, TResponse> start)
        where TRequest : class
        where TResponse : class
    {
        var response = this.Start(context, request, state, start, out var call);

        // After the caller's context is back: the SDK exports no span that ends while instrumentation is suppressed.
        call?.OnResponse(response);
        call?.Succeed();
        return response;
    }

    internal AsyncUnaryCall<TResponse> TraceAsyncUnary<TRequest, TResponse, TState>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, TState state, Func<TState, ClientInterceptorContext<TRequest, TResponse>, AsyncUnaryCall<TResponse>> start)
        where TRequest : class
        where TResponse : class
    {
        var inner = this.Start(context, request, state, start, out var call);
        return call is null ? inner : TracedUnaryCall<TResponse>.Wrap(inner, ObserveResponse(inner.ResponseAsync, call), call);
    }

    // Streams are few and long-lived (GetContainerEvents): their wrappers keep the plain delegates.

    internal AsyncServerStreamingCall<TResponse> TraceServerStreaming<TRequest, TResponse, TState>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, TState state, Func<TState, ClientInterceptorContext<TRequest, TResponse>, AsyncServerStreamingCall<TResponse>> start)
        where TRequest : class
        where TResponse : class
    {
        var inner = this.Start(context, request, state, start, out var call);
        return call is null ? inner : new AsyncServerStreamingCall<TResponse>(new TracedClientResponseStream<TResponse>(inner.ResponseStream, inner.GetStatus, call), inner.ResponseHeadersAsync, inner.GetStatus, inner.GetTrailers, call.DisposeWith(inner));
    }

    internal AsyncClientStreamingCall<TRequest, TResponse> TraceClientStreaming<TRequest, TResponse, TState>(ClientInterceptorContext<TRequest, TResponse> context, TState state, Func<TState, ClientInterceptorContext<TRequest, TResponse>, AsyncClientStreamingCall<TRequest, TResponse>> start)
        where TRequest : class
        where TResponse : class
    {
        var inner = this.Start(context, request: null, state, start, out var call);
        return call is null ? inner : new AsyncClientStreamingCall<TRequest, TResponse>(inner.RequestStream, ObserveResponse(inner.ResponseAsync, call), inner.ResponseHeadersAsync, inner.GetStatus, inner.GetTrailers, call.DisposeWith(inner));
    }

    internal AsyncDuplexStreamingCall<TRequest, TResponse> TraceDuplexStreaming<TRequest, TResponse, TState>(ClientInterceptorContext<TRequest, TResponse> context, TState state, Func<TState, ClientInterceptorContext<TRequest, TResponse>, AsyncDuplexStreamingCall<TRequest, TResponse>> start)
        where TRequest : class
        where TResponse : class
    {
        var inner = this.Start(context, request: null, state, start, out var call);
        return call is null ? inner : new AsyncDuplexStreamingCall<TRequest, TResponse>(inner.RequestStream, new TracedClientResponseStream<TResponse>(inner.ResponseStream, inner.GetStatus, call), inner.ResponseHeadersAsync, inner.GetStatus, inner.GetTrailers, call.DisposeWith(inner));
    }

    // Decides the call and starts it below the span (see CallerContext.EnterBelowSpan), then gives
    // the caller its context back: the span lives on with the call, not in the caller's code. A
    // call that got no span is started the same way when an Activity is current, so nothing below
    // it makes one either; with none current it goes straight on. A failure to start ends the span
    // once the caller's context is back, where the SDK exports it.
    // The start function takes its arguments as state: a lambda capturing the call's parameters
    // would allocate its closure on every call.
    private TCall Start<TRequest, TResponse, TState, TCall>(ClientInterceptorContext<TRequest, TResponse> context, object? request, TState state, Func<TState, ClientInterceptorContext<TRequest, TResponse>, TCall> continuation, out ClientCall? call)
        where TRequest : class
        where TResponse : class
    {
        var caller = CallerContext.Capture();
        call = this.tracing.Begin(ref context, request, caller.Activity);
        if (call is null && caller.Activity is null)
        {
            return continuation(state, context);
        }

        try
        {
            var scope = caller.EnterBelowSpan();
            try
            {
                return continuation(state, context);
            }
            finally
            {
                caller.Restore(scope);
            }
        }
        catch (Exception ex)
        {
            call?.Fail(ex);
            throw;
        }
    }

    private static async Task<TResponse> ObserveResponse<TResponse>(Task<TResponse> response, ClientCall call)
    {
        try
        {
            var message = await response.ConfigureAwait(false);
            call.OnResponse(message!);
            call.Succeed();
            return message;
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }
    }
}
