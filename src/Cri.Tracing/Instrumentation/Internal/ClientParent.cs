using System.Diagnostics;
using Cri.Tracing.Propagation.Internal;
using Grpc.Core;
using OpenTelemetry;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>
/// The parent of an outgoing call: the caller's current span, or, when the server call this code
/// serves got no span, the context that call received.
/// </summary>
internal readonly struct ClientParent
{
    private ClientParent(Activity? local, IncomingTraceContext? incoming)
    {
        this.Local = local;
        this.Incoming = incoming;
    }

    /// <summary>Gets the caller's current span, when it is the parent.</summary>
    public Activity? Local { get; }

    /// <summary>Gets the incoming context of an untraced server call, when it is the parent.</summary>
    public IncomingTraceContext? Incoming { get; }

    /// <summary>Gets what the parent's sampled flag says, for the parent-based decision.</summary>
    public TraceParentState State => this.Local is { } local
        ? (local.Recorded ? TraceParentState.Sampled : TraceParentState.NotSampled)
        : this.Incoming is { } incoming
            ? (incoming.IsSampled ? TraceParentState.Sampled : TraceParentState.NotSampled)
            : TraceParentState.Absent;

    /// <summary>Gets the baggage to send: the ambient one, else what the untraced server call received.</summary>
    public Baggage Baggage
    {
        get
        {
            var current = Baggage.Current;
            return current.Count > 0 || this.Incoming is null ? current : this.Incoming.Baggage;
        }
    }

    /// <summary>Gets whether there is anything to send on: a W3C parent or baggage.</summary>
    public bool HasContext => this.Local is { IdFormat: ActivityIdFormat.W3C } || this.Incoming is not null || Baggage.Current.Count > 0;

    /// <summary>Finds the parent of a call starting now.</summary>
    /// <param name="current">The caller's current Activity, as the interceptor captured it.</param>
    public static ClientParent Resolve(Activity? current)
    {
        var incoming = IncomingTraceContext.Current;

        // The incoming context is the parent only while no span was started since the server call
        // began; the Activity current then is the one the call started with (ASP.NET Core's
        // hosting Activity, or none).
        return incoming is not null && ReferenceEquals(current, incoming.EntryActivity)
            ? new ClientParent(null, incoming)
            : new ClientParent(current, null);
    }

    /// <summary>The explicit parent to start the client span with (only an incoming context needs one).</summary>
    public ActivityContext ToParentContext() => this.Incoming?.ToActivityContext() ?? default;

    /// <summary>Sends the parent on unchanged, for a call that gets no span of its own.</summary>
    public void Propagate(Metadata headers)
    {
        if (this.Local is { } local)
        {
            CriPropagation.Inject(local, this.Baggage, headers);
            return;
        }

        if (this.Incoming is { } incoming)
        {
            CriPropagation.InjectTraceContext(incoming.TraceParent, incoming.TraceState, headers);
        }

        CriPropagation.InjectBaggage(this.Baggage, headers);
    }
}
