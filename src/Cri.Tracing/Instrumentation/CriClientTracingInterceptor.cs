using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Cri.Tracing.Instrumentation.Internal;
using Cri.Tracing.Internal;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;

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
/// adds a second span or header: while the call starts, OpenTelemetry's instrumentation is
/// suppressed, so neither Grpc.Net.Client's own activity nor HttpClient's is recorded, and the
/// <c>traceparent</c> written here is the one sent.
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

    /// <inheritdoc/>
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!this.TryBegin(ref context, request, out var call, out var previous))
        {
            return continuation(request, context);
        }

        try
        {
            TResponse response;
            using (SuppressInstrumentationScope.Begin())
            {
                response = continuation(request, context);
            }

            // Outside the scope: the SDK exports no span that ends while instrumentation is suppressed.
            call.OnResponse(response);
            call.Succeed();
            return response;
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    /// <inheritdoc/>
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!this.TryBegin(ref context, request, out var call, out var previous))
        {
            return continuation(request, context);
        }

        var inner = Start(call, previous, (request, context, continuation), static s => s.continuation(s.request, s.context));
        return new AsyncUnaryCall<TResponse>(ObserveResponse(inner.ResponseAsync, call), inner.ResponseHeadersAsync, inner.GetStatus, inner.GetTrailers, call.DisposeWith(inner));
    }

    /// <inheritdoc/>
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        if (!this.TryBegin(ref context, request, out var call, out var previous))
        {
            return continuation(request, context);
        }

        var inner = Start(call, previous, (request, context, continuation), static s => s.continuation(s.request, s.context));
        return new AsyncServerStreamingCall<TResponse>(new TracedClientResponseStream<TResponse>(inner.ResponseStream, inner.GetStatus, call), inner.ResponseHeadersAsync, inner.GetStatus, inner.GetTrailers, call.DisposeWith(inner));
    }

    /// <inheritdoc/>
    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        if (!this.TryBegin(ref context, request: null, out var call, out var previous))
        {
            return continuation(context);
        }

        var inner = Start(call, previous, (context, continuation), static s => s.continuation(s.context));
        return new AsyncClientStreamingCall<TRequest, TResponse>(inner.RequestStream, ObserveResponse(inner.ResponseAsync, call), inner.ResponseHeadersAsync, inner.GetStatus, inner.GetTrailers, call.DisposeWith(inner));
    }

    /// <inheritdoc/>
    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        if (!this.TryBegin(ref context, request: null, out var call, out var previous))
        {
            return continuation(context);
        }

        var inner = Start(call, previous, (context, continuation), static s => s.continuation(s.context));
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(inner.RequestStream, new TracedClientResponseStream<TResponse>(inner.ResponseStream, inner.GetStatus, call), inner.ResponseHeadersAsync, inner.GetStatus, inner.GetTrailers, call.DisposeWith(inner));
    }

    // Cheapest test first (no listener or tracing switched off: nothing else runs), then the decision; a recorded call's span is
    // current on return, and the caller's Activity is kept to give back.
    private bool TryBegin<TRequest, TResponse>(ref ClientInterceptorContext<TRequest, TResponse> context, object? request, [NotNullWhen(true)] out ClientCall? call, out Activity? previous)
        where TRequest : class
        where TResponse : class
    {
        previous = null;
        call = null;
        if (!this.tracing.IsActive)
        {
            return false;
        }

        previous = Activity.Current;
        call = this.tracing.Begin(ref context, request);
        return call is not null;
    }

    // Starts the call below the span with OpenTelemetry's instrumentation suppressed (no second
    // CLIENT span from Grpc.Net.Client or HttpClient), then gives the caller its own Activity back:
    // the span lives on with the call, not in the caller's code.
    // The continuation takes its arguments as state: a lambda capturing the interceptor method's
    // parameters would allocate its closure on every call, traced or not.
    private static TCall Start<TState, TCall>(ClientCall call, Activity? previous, TState state, Func<TState, TCall> continuation)
    {
        try
        {
            using (SuppressInstrumentationScope.Begin())
            {
                return continuation(state);
            }
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }
        finally
        {
            Activity.Current = previous;
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
