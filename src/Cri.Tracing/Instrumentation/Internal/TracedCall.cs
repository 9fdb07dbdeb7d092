using System.Diagnostics;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Internal;
using Cri.Tracing.Logging.Internal;
using Google.Protobuf;
using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>
/// One recorded CRI call: sees its typed messages, turns them into CRI attributes and payload
/// events, and records the final status. Only created for spans that record.
/// </summary>
internal abstract class TracedCall
{
    private const string DebugSeverity = "DEBUG";

    protected TracedCall(Activity activity, TracedMethod method, TracingSettings settings)
    {
        this.Activity = activity;
        this.Method = method;
        this.Settings = settings;

        // A CRI span's budget is made with its first event, and the log bridge gives a CRI span the
        // default limit: only another limit has to be in place from the start.
        if (settings.MaxEventsPerSpan != SpanEventBudget.DefaultLimit)
        {
            new SpanEventBudget(settings.MaxEventsPerSpan).AttachTo(activity);
        }
    }

    /// <summary>Gets the call's span (SERVER or CLIENT).</summary>
    public Activity Activity { get; }

    protected TracedMethod Method { get; }

    protected TracingSettings Settings { get; }

    /// <summary>Gets the span payload events land on (CRI-O's internal child when present).</summary>
    protected virtual Activity EventTarget => this.Activity;

    /// <summary>
    /// A request message: its payload event. A call's request attributes are not written here:
    /// its span started with them (<see cref="CriMessageAttributes.ForCreation"/>), and a stream's
    /// messages describe no call.
    /// </summary>
    public void OnRequest(object request)
    {
        if (!this.Settings.RecordPayloads)
        {
            return;
        }

        try
        {
            if (request is IMessage message)
            {
                this.RecordPayload("Request: ", message);
            }
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(this.OnRequest), ex);
        }
    }

    /// <summary>One response message: a unary call's CRI attributes, and a payload event.</summary>
    public void OnResponse(object response)
    {
        try
        {
            // Only a known unary method's response describes the call (see ResponseAttributes).
            if (this.Method.ResponseAttributes is { } attributes && attributes.Reads(response))
            {
                attributes.Write(response, this.Activity);
            }

            if (this.Settings.RecordPayloads && response is IMessage message)
            {
                this.RecordPayload("Response: ", message);
            }
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(this.OnResponse), ex);
        }
    }

    /// <summary>Records the call's gRPC status on the span.</summary>
    /// <param name="code">The status.</param>
    /// <param name="message">The status detail, if any.</param>
    /// <param name="isError">Whether this side counts the status as a failure.</param>
    protected void RecordStatus(StatusCode code, string? message, bool isError)
    {
        // A call records its status once, and only the interceptor writes these names: append.
        var activity = this.Activity;
        message = string.IsNullOrEmpty(message) ? null : message;
        if (this.Settings.Conventions != RpcSemanticConventions.Old)
        {
            activity.AddTag(AttributeNames.RpcResponseStatusCode, GrpcStatus.ToWireName(code));
        }

        if (this.Settings.Conventions != RpcSemanticConventions.Current)
        {
            activity.AddTag(AttributeNames.RpcGrpcStatusCode, GrpcStatus.Boxed(code));
        }

        if (isError)
        {
            activity.SetTag(AttributeNames.ErrorType, GrpcStatus.ToWireName(code));
            activity.SetStatus(ActivityStatusCode.Error, message);
        }

        if (code != StatusCode.OK && this.Settings.RecordPayloads && this.TryTakeEvent(out var target, out var budget))
        {
            var text = "Response error: " + GrpcStatus.ToWireName(code) + (message is null ? string.Empty : ": " + message);
            target.AddEvent(new ActivityEvent(AttributeNames.LogEventName, tags: budget.CreateLogTags(DebugSeverity, text)));
        }
    }

    // Called once RecordPayloads said yes. Formatting is the expensive part: only once the event is sure to be kept.
    private void RecordPayload(string prefix, IMessage message)
    {
        if (this.TryTakeEvent(out var target, out var budget))
        {
            var text = prefix + PayloadFormatter.Format(message, this.Settings.MaxPayloadLength);
            target.AddEvent(new ActivityEvent(AttributeNames.LogEventName, tags: budget.CreateLogTags(DebugSeverity, text)));
        }
    }

    private bool TryTakeEvent(out Activity target, out SpanEventBudget budget)
    {
        target = this.EventTarget;
        budget = SpanEventBudget.For(target, this.Settings.MaxEventsPerSpan);
        return budget.TryTake(target);
    }
}
