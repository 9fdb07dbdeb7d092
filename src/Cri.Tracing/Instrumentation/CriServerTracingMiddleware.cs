using System.Diagnostics;
using System.Net;
using Cri.Protos;
using Cri.Protos.Grpc;
using Cri.Tracing.Internal;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry;

namespace Cri.Tracing;

/// <summary>
/// One SERVER span per gRPC call, parented on the caller's <c>traceparent</c>, as otelgrpc's
/// server handler in CRI-O and containerd makes it.
/// </summary>
/// <remarks>
/// Every call is decided before any Activity exists, cheapest test first: no listener (tracing
/// off) or not gRPC, then excluded methods, then the sampler's decision when its rate is known
/// (<see cref="CriInstrumentationOptions.SamplingRatePerMillion"/>). A call that gets no span keeps its
/// valid incoming <c>traceparent</c> for downstream calls (<see cref="IncomingTraceContext"/>).
/// </remarks>
internal sealed class CriServerTracingMiddleware
{
    private readonly RequestDelegate next;
    private readonly TracingSettings settings;
    private readonly TracedMethodTable methods;
    private readonly bool crioLayout;
    private readonly IFeatureCollection? serverFeatures;
    private KeyValuePair<string, object?>[]? unixSocketTags;
    private TcpEndpointTags? lastTcpEndpoint;

    /// <param name="next">The rest of the pipeline.</param>
    /// <param name="options">The options, read once.</param>
    /// <param name="serverFeatures">The server's features, where the listening addresses are once it runs.</param>
    public CriServerTracingMiddleware(RequestDelegate next, CriServerTracingOptions options, IFeatureCollection? serverFeatures)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(options);
        this.next = next;
        this.serverFeatures = serverFeatures;
        this.settings = new TracingSettings(options);
        this.crioLayout = options.CrioSpanLayout;
        var endpointTags = options.Endpoint is { } endpoint ? TracedMethod.BuildEndpointTags(endpoint.Host, endpoint.Port) : null;
        this.methods = new TracedMethodTable(this.settings, endpointTags);
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!CriActivitySource.Instance.HasListeners() || !GrpcProtocol.IsGrpcContentType(context.Request.ContentType))
        {
            return this.next(context);
        }

        return this.InvokeInstrumented(context);
    }

    private Task InvokeInstrumented(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value;
        var parent = TraceParentHeader.Read(request.Headers.TraceParent, out var traceParent);
        if (parent == TraceParentState.Invalid)
        {
            CriTracingEventSource.Log.InvalidHeaderIgnored(TraceParentHeader.Name, path ?? string.Empty);
        }

        var method = this.methods.Find(path);
        var excluded = method?.IsExcluded ?? this.methods.IsUnknownExcluded(path);
        if (excluded || !this.settings.MayRecord(parent))
        {
            if (traceParent is not null)
            {
                IncomingTraceContext.Capture(request.Headers, traceParent);
            }

            return this.next(context);
        }

        if (context.Features.Get<ICriCallObserver>() is ServerCall)
        {
            // An outer instance of this middleware records the call already (UseCriTracing and
            // UseCriServerTracing both in one pipeline): one call, one SERVER span.
            return this.next(context);
        }

        return this.InvokeRecordedAsync(context, method ?? this.methods.CreateUnknown(path), traceParent);
    }

    private async Task InvokeRecordedAsync(HttpContext context, TracedMethod method, string? traceParent)
    {
        var propagation = CriPropagation.Extract(context.Request.Headers);
        if (propagation.ActivityContext == default && Activity.Current is not null)
        {
            // ASP.NET Core's hosting Activity is current, but it is local and never exported: a
            // call without a valid incoming parent is a root, as in Go.
            Activity.Current = null;
        }

        var tags = method.StartTags ?? method.WithEndpoint(this.ReadServerEndpoint(context));
        var activity = CriActivitySource.Instance.StartActivity(method.SpanName, ActivityKind.Server, propagation.ActivityContext, tags);
        if (propagation.Baggage.Count > 0)
        {
            Baggage.Current = propagation.Baggage;
        }

        if (activity is null)
        {
            // The SDK dropped the call without even a propagation Activity (instrumentation
            // suppressed, for example): still hand the parent on.
            if (traceParent is not null)
            {
                IncomingTraceContext.Capture(context.Request.Headers, traceParent);
            }

            await this.next(context).ConfigureAwait(false);
            return;
        }

        if (!activity.IsAllDataRequested)
        {
            // Not sampled by the SDK: the Activity only carries the context downstream.
            try
            {
                await this.next(context).ConfigureAwait(false);
            }
            finally
            {
                activity.Stop();
            }

            return;
        }

        var call = ServerCall.Start(activity, method, this.settings, this.crioLayout);
        context.Features.Set<ICriCallObserver>(call);
        Exception? failure = null;
        try
        {
            await this.next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            call.Complete(context, failure);
        }
    }

    private KeyValuePair<string, object?>[] ReadServerEndpoint(HttpContext context)
    {
        try
        {
            if (context.Features.Get<IHttpConnectionFeature>() is { LocalIpAddress: { } address } connection)
            {
                // Calls keep arriving on the same address: build its attributes once.
                var last = this.lastTcpEndpoint;
                if (last is null || last.Port != connection.LocalPort || !last.Address.Equals(address))
                {
                    last = new TcpEndpointTags(address, connection.LocalPort, TracedMethod.BuildEndpointTags(address.ToString(), connection.LocalPort));
                    this.lastTcpEndpoint = last;
                }

                return last.Tags;
            }

            // Kestrel tells a request nothing about a Unix socket: when the server listens on
            // exactly one, that is where the call came in.
            return this.unixSocketTags ??= this.FindSingleUnixSocket();
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(this.ReadServerEndpoint), ex);
            return [];
        }
    }

    private KeyValuePair<string, object?>[] FindSingleUnixSocket()
    {
        const string UnixPrefix = "http://unix:";
        var sockets = this.serverFeatures?.Get<IServerAddressesFeature>()?.Addresses
            .Where(a => a.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return sockets is [var single] ? TracedMethod.BuildEndpointTags(single[UnixPrefix.Length..], 0) : [];
    }

    private sealed record TcpEndpointTags(IPAddress Address, int Port, KeyValuePair<string, object?>[] Tags);
}
