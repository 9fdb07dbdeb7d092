using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Internal;
using Cri.Tracing.Propagation.Internal;
using Grpc.Core;
using Microsoft.Extensions.Primitives;
using OpenTelemetry;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>
/// What a server interceptor knows, built once per options instance: grpc-dotnet may create an
/// interceptor per call, so the method table is shared, not rebuilt.
/// </summary>
internal sealed class ServerTracing
{
    private static readonly ConditionalWeakTable<CriServerTracingOptions, ServerTracing> ByOptions = [];

    private readonly TracedMethodTable methods;
    private readonly bool crioLayout;
    private readonly bool fixedEndpoint;
    private readonly Func<ServerCallContext, string, StringValues>? headerReader;
    private AuthorityTags? lastAuthority;

    public ServerTracing(CriServerTracingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.Settings = new TracingSettings(options);
        this.crioLayout = options.CrioSpanLayout;
        var endpointTags = options.Endpoint is { } endpoint ? TracedMethod.BuildEndpointTags(endpoint.Host, endpoint.Port) : null;
        this.fixedEndpoint = endpointTags is not null;
        this.headerReader = options.RequestHeaderReader;
        this.methods = new TracedMethodTable(this.Settings, endpointTags);
    }

    public TracingSettings Settings { get; }

    /// <summary>The state for an options instance that lives as long as the application (<c>IOptions</c>).</summary>
    public static ServerTracing For(CriServerTracingOptions options)
        => ByOptions.GetValue(options, static o => new ServerTracing(o));

    /// <summary>
    /// Decides a call before any Activity exists: <see langword="null"/> when it gets no span, in
    /// which case its valid incoming parent is kept for the calls it makes downstream.
    /// </summary>
    public TracedMethod? Decide(ServerCallContext context, out string? traceParent)
    {
        var path = context.Method;
        var headers = new RequestTraceHeaders(context, this.headerReader);
        var parent = TraceParentHeader.Read(headers.Get(TraceParentHeader.Name), out traceParent);
        if (parent == TraceParentState.Invalid)
        {
            CriTracingEventSource.Log.InvalidHeaderIgnored(TraceParentHeader.Name, path);
        }

        var method = this.methods.Find(path);
        var excluded = method?.IsExcluded ?? this.methods.IsUnknownExcluded(path);
        if (excluded || !this.Settings.MayRecord(parent) || IsRecordedAlready())
        {
            if (traceParent is not null)
            {
                IncomingTraceContext.Capture(headers, traceParent);
            }

            return null;
        }

        return method ?? this.methods.CreateUnknown(path);
    }

    /// <summary>
    /// Starts the SERVER span of a call <see cref="Decide"/> kept, with its request's attributes
    /// (none for a request stream); call it where its Activity may become current.
    /// </summary>
    public ServerSpan Start(ServerCallContext context, TracedMethod method, string? traceParent, object? request)
    {
        var headers = new RequestTraceHeaders(context, this.headerReader);
        var propagation = CriPropagation.Extract(headers, traceParent);
        var current = Activity.Current;
        var parentContext = propagation.ActivityContext;
        if (current is not null)
        {
            if (current.Kind == ActivityKind.Server && SpanRecording.IsRecording(current))
            {
                // An HTTP server span someone records (OpenTelemetry's ASP.NET Core instrumentation)
                // already continues the caller's trace: nest under it.
                parentContext = default;
            }
            else
            {
                // ASP.NET Core's own hosting Activity is local and never exported: the parent is
                // the caller's context, and a call without one is a root, as in Go.
                Activity.Current = null;
            }
        }

        var tags = CriMessageAttributes.ForCreation(method.StartTags ?? method.WithEndpoint(this.ReadAuthority(context)), method.RequestAttributes, request);
        var activity = CriActivitySource.Instance.StartActivity(method.SpanName, ActivityKind.Server, parentContext, tags);
        CriMessageAttributes.Return(tags);
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
                IncomingTraceContext.Capture(headers, traceParent);
            }

            return default;
        }

        // Not sampled by the SDK: the Activity only carries the context downstream.
        return activity.IsAllDataRequested
            ? new ServerSpan(activity, ServerCall.Start(activity, method, this.Settings, this.crioLayout))
            : new ServerSpan(activity, null);
    }

    // An outer instance of the interceptor (registered twice) records the call already: one call,
    // one SERVER span.
    private static bool IsRecordedAlready()
        => Activity.Current is { } current
            && ReferenceEquals(current.Source, CriActivitySource.Instance)
            && (current.Kind == ActivityKind.Server || current.Parent is { Kind: ActivityKind.Server } parent && ReferenceEquals(parent.Source, CriActivitySource.Instance));

    private KeyValuePair<string, object?>[] ReadAuthority(ServerCallContext context)
    {
        if (this.fixedEndpoint)
        {
            return [];
        }

        // Calls keep arriving with the same :authority: build its attributes once.
        var host = context.Host ?? string.Empty;
        var last = this.lastAuthority;
        if (last is null || !string.Equals(last.Authority, host, StringComparison.Ordinal))
        {
            last = new AuthorityTags(host, ParseAuthority(host));
            this.lastAuthority = last;
        }

        return last.Tags;
    }

    private static KeyValuePair<string, object?>[] ParseAuthority(string authority)
    {
        if (authority.Length == 0)
        {
            return [];
        }

        var colon = authority.LastIndexOf(':');
        var bracket = authority.LastIndexOf(']');
        if (colon > bracket && int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return TracedMethod.BuildEndpointTags(authority[..colon].Trim('[', ']'), port);
        }

        return TracedMethod.BuildEndpointTags(authority.Trim('[', ']'), 0);
    }

    private sealed record AuthorityTags(string Authority, KeyValuePair<string, object?>[] Tags);
}
