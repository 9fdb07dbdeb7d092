using Cri.Tracing.Instrumentation.Internal;
using Cri.Tracing.Internal;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Instrumentation;

/// <summary>
/// One SERVER span per gRPC call, parented on the caller's <c>traceparent</c>, as otelgrpc's
/// server handler in CRI-O and containerd makes it: <c>runtime.v1.RuntimeService/RunPodSandbox</c>,
/// with the request's CRI attributes and the call's status.
/// </summary>
/// <remarks>
/// <para>
/// Add it to Grpc.AspNetCore: <c>services.AddGrpc(o => o.Interceptors.Add&lt;CriServerTracingInterceptor&gt;())</c>;
/// its options then come from <c>IOptions&lt;CriServerTracingOptions&gt;</c>
/// (<c>services.Configure&lt;CriServerTracingOptions&gt;(...)</c>). With no tracer provider
/// listening to <see cref="CriTracing.ActivitySourceName"/> a call passes straight through.
/// </para>
/// <para>
/// Every call is decided before any Activity exists, cheapest test first: no listener, then
/// excluded methods, then the sampler's decision when its rate is known
/// (<see cref="CriInstrumentationOptions.SamplingRatePerMillion"/>). A call that gets no span still
/// hands its valid incoming parent to the calls it makes through <see cref="CriClientTracingInterceptor"/>.
/// The span nests under the HTTP server span when one is recorded (OpenTelemetry's ASP.NET Core
/// instrumentation), and otherwise under the caller's context: ASP.NET Core's own hosting Activity
/// is never exported, so it is never a parent.
/// </para>
/// </remarks>
public sealed class CriServerTracingInterceptor : Interceptor
{
    private readonly ServerTracing tracing;

    /// <summary>Initializes a new instance of the <see cref="CriServerTracingInterceptor"/> class with the default options.</summary>
    public CriServerTracingInterceptor()
        : this(new CriServerTracingOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CriServerTracingInterceptor"/> class.</summary>
    /// <param name="options">The options, read once, here.</param>
    public CriServerTracingInterceptor(CriServerTracingOptions options)
    {
        this.tracing = new ServerTracing(options);
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="CriServerTracingInterceptor"/> class from the
    /// application's options. grpc-dotnet may create an interceptor per call; what the options
    /// build is shared by every interceptor made from the same options.
    /// </summary>
    /// <param name="options">The options.</param>
    [ActivatorUtilitiesConstructor]
    public CriServerTracingInterceptor(IOptions<CriServerTracingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.tracing = ServerTracing.For(options.Value);
    }

    /// <inheritdoc/>
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!this.tracing.Settings.IsActive || this.tracing.Decide(context, out var traceParent) is not { } method)
        {
            return continuation(request, context);
        }

        return this.UnaryRecorded(request, context, continuation, method, traceParent);
    }

    /// <inheritdoc/>
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!this.tracing.Settings.IsActive || this.tracing.Decide(context, out var traceParent) is not { } method)
        {
            return continuation(requestStream, context);
        }

        return this.ClientStreamingRecorded(requestStream, context, continuation, method, traceParent);
    }

    /// <inheritdoc/>
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!this.tracing.Settings.IsActive || this.tracing.Decide(context, out var traceParent) is not { } method)
        {
            return continuation(request, responseStream, context);
        }

        return this.ServerStreamingRecorded(request, responseStream, context, continuation, method, traceParent);
    }

    /// <inheritdoc/>
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!this.tracing.Settings.IsActive || this.tracing.Decide(context, out var traceParent) is not { } method)
        {
            return continuation(requestStream, responseStream, context);
        }

        return this.DuplexStreamingRecorded(requestStream, responseStream, context, continuation, method, traceParent);
    }

    // A unary call's span starts with the caller's context captured, so the Activity and baggage
    // it makes current flow into the handler and are undone when the call returns to grpc-dotnet.
    // A handler that completes at once (most CRI calls) ends the span here and its own task is
    // returned: no task or state machine of ours.
    private Task<TResponse> UnaryRecorded<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation, TracedMethod method, string? traceParent)
        where TRequest : class
        where TResponse : class
    {
        var caller = CallerContext.Capture();
        var span = this.tracing.Start(context, method, traceParent, request);
        span.Call?.OnRequest(request);
        Task<TResponse> response;
        try
        {
            response = continuation(request, context);
            if (response.IsCompletedSuccessfully)
            {
                span.Call?.OnResponse(response.Result);
                span.End(context, null);
                return response;
            }
        }
        catch (Exception ex)
        {
            span.End(context, ex);
            throw;
        }
        finally
        {
            caller.Restore();
        }

        return EndWhenCompleted(response, span, context);
    }

    private static async Task<TResponse> EndWhenCompleted<TResponse>(Task<TResponse> response, ServerSpan span, ServerCallContext context)
        where TResponse : class
    {
        try
        {
            var message = await response.ConfigureAwait(false);
            span.Call?.OnResponse(message);
            span.End(context, null);
            return message;
        }
        catch (Exception ex)
        {
            span.End(context, ex);
            throw;
        }
    }

    // The streaming shapes' spans start inside their own async methods, for the same reason.
    private async Task<TResponse> ClientStreamingRecorded<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation, TracedMethod method, string? traceParent)
        where TRequest : class
        where TResponse : class
    {
        var span = this.tracing.Start(context, method, traceParent, request: null);
        try
        {
            var response = await continuation(this.Observe(span, requestStream), context).ConfigureAwait(false);
            span.Call?.OnResponse(response);
            span.End(context, null);
            return response;
        }
        catch (Exception ex)
        {
            span.End(context, ex);
            throw;
        }
    }

    private async Task ServerStreamingRecorded<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation, TracedMethod method, string? traceParent)
        where TRequest : class
        where TResponse : class
    {
        var span = this.tracing.Start(context, method, traceParent, request);
        span.Call?.OnRequest(request);
        try
        {
            await continuation(request, this.Observe(span, responseStream), context).ConfigureAwait(false);
            span.End(context, null);
        }
        catch (Exception ex)
        {
            span.End(context, ex);
            throw;
        }
    }

    private async Task DuplexStreamingRecorded<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation, TracedMethod method, string? traceParent)
        where TRequest : class
        where TResponse : class
    {
        var span = this.tracing.Start(context, method, traceParent, request: null);
        try
        {
            await continuation(this.Observe(span, requestStream), this.Observe(span, responseStream), context).ConfigureAwait(false);
            span.End(context, null);
        }
        catch (Exception ex)
        {
            span.End(context, ex);
            throw;
        }
    }

    // Streamed messages only become payload events: the stream is wrapped only when they are recorded.
    private IAsyncStreamReader<T> Observe<T>(ServerSpan span, IAsyncStreamReader<T> stream)
        => span.Call is { } call && this.tracing.Settings.RecordPayloads ? new TracedRequestStream<T>(stream, call) : stream;

    private IServerStreamWriter<T> Observe<T>(ServerSpan span, IServerStreamWriter<T> stream)
        => span.Call is { } call && this.tracing.Settings.RecordPayloads ? new TracedResponseStream<T>(stream, call) : stream;
}
