using System.Diagnostics;
using System.Runtime.CompilerServices;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Internal;
using Cri.Tracing.Propagation.Internal;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>What a client interceptor knows, built once per options instance.</summary>
internal sealed class ClientTracing
{
    private static readonly ConditionalWeakTable<CriClientTracingOptions, ClientTracing> ByOptions = [];

    private readonly TracingSettings settings;
    private readonly TracedMethodTable methods;

    public ClientTracing(CriClientTracingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.settings = new TracingSettings(options);
        var endpointTags = options.Endpoint is { } endpoint ? TracedMethod.BuildEndpointTags(endpoint.Host, endpoint.Port) : [];
        this.methods = new TracedMethodTable(this.settings, endpointTags);
    }

    /// <summary>Gets whether calls may be traced at all (<see cref="TracingSettings.IsActive"/>).</summary>
    public bool IsActive => this.settings.IsActive;

    /// <summary>The state for an options instance that lives as long as the application (<c>IOptions</c>).</summary>
    public static ClientTracing For(CriClientTracingOptions options)
        => ByOptions.GetValue(options, static o => new ClientTracing(o));

    /// <summary>
    /// Decides a call, writes its trace headers into a copy of its metadata, and starts its CLIENT
    /// span when it records one (then current: the caller puts the previous Activity back).
    /// </summary>
    /// <returns>The recorded call, or <see langword="null"/>.</returns>
    public ClientCall? Begin<TRequest, TResponse>(ref ClientInterceptorContext<TRequest, TResponse> context, object? request, Activity? current)
        where TRequest : class
        where TResponse : class
    {
        var path = context.Method.FullName;
        var method = this.methods.Find(path);
        var excluded = method?.IsExcluded ?? this.methods.IsUnknownExcluded(path);
        var parent = ClientParent.Resolve(current);
        if (excluded || !this.settings.MayRecord(parent.State))
        {
            Forward(ref context, parent, markUnsampledRoot: !excluded);
            return null;
        }

        method ??= this.methods.CreateUnknown(path);
        var tags = CriMessageAttributes.ForCreation(method.StartTags ?? method.MethodTags, method.RequestAttributes, request);
        var activity = CriActivitySource.Instance.StartActivity(method.SpanName, ActivityKind.Client, parent.ToParentContext(), tags);
        CriMessageAttributes.Return(tags);
        if (activity is null)
        {
            Forward(ref context, parent, markUnsampledRoot: false);
            return null;
        }

        CriPropagation.Inject(activity, parent.Baggage, CopyHeaders(ref context));
        if (!activity.IsAllDataRequested)
        {
            // Not sampled by the SDK: the Activity only made the context, which the headers now carry.
            activity.Stop();
            return null;
        }

        var call = new ClientCall(activity, method, this.settings);
        if (request is not null)
        {
            call.OnRequest(request);
        }

        return call;
    }

    // A call that gets no span still sends its parent on unchanged; a dropped root tells the next
    // hop it was not sampled, as Go does, so that hop's parent-based sampler drops it too.
    private static void Forward<TRequest, TResponse>(ref ClientInterceptorContext<TRequest, TResponse> context, ClientParent parent, bool markUnsampledRoot)
        where TRequest : class
        where TResponse : class
    {
        var markRoot = markUnsampledRoot && parent.State == TraceParentState.Absent;
        if (!markRoot && !parent.HasContext)
        {
            return;
        }

        var headers = CopyHeaders(ref context);
        parent.Propagate(headers);
        if (markRoot)
        {
            MetadataHeaders.Set(headers, TraceParentHeader.Name, TraceParentHeader.CreateUnsampled());
        }
    }

    // Gives the call its own copy of the caller's headers, and returns it for the trace headers.
    private static Metadata CopyHeaders<TRequest, TResponse>(ref ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var headers = MetadataHeaders.CopyForCall(context.Options.Headers);
        context = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        return headers;
    }
}
