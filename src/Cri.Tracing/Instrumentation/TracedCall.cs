using System.Diagnostics;
using Cri.Protos;
using Cri.Tracing.Internal;
using Google.Protobuf;

namespace Cri.Tracing;

/// <summary>
/// One recorded CRI call: sees its typed messages (the binding calls it as
/// <see cref="ICriCallObserver"/>), turns them into CRI attributes and payload events, and records
/// the final status. Only created for spans that record.
/// </summary>
internal abstract class TracedCall : ICriCallObserver
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

    /// <inheritdoc/>
    public void OnRequest(IMessage request)
    {
        try
        {
            // The request is a call's first message, reported before any handler or caller code
            // sees the span: none of its CRI attributes is there yet.
            CriMessageAttributes.Write(this.Activity, request, spanHasNone: true);
            this.RecordPayload("Request: ", request);
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(this.OnRequest), ex);
        }
    }

    /// <inheritdoc/>
    public void OnResponse(IMessage response)
    {
        try
        {
            // A stream's messages each describe something else (one event, one container): only
            // a unary response describes the call.
            if (this.Method.IsUnary)
            {
                CriMessageAttributes.Write(this.Activity, response, spanHasNone: false);
            }

            this.RecordPayload("Response: ", response);
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(this.OnResponse), ex);
        }
    }

    /// <summary>Records the call's gRPC status on the span.</summary>
    /// <param name="code">The status.</param>
    /// <param name="message">The status message, if any.</param>
    /// <param name="isError">Whether this side counts the status as a failure.</param>
    protected void RecordStatus(CriStatusCode code, string? message, bool isError)
    {
        // A call records its status once, and only the interceptor writes these names: append.
        var activity = this.Activity;
        if (this.Settings.Conventions != RpcSemanticConventions.Old)
        {
            activity.AddTag(AttributeNames.RpcResponseStatusCode, code.ToWireName());
        }

        if (this.Settings.Conventions != RpcSemanticConventions.Current)
        {
            activity.AddTag(AttributeNames.RpcGrpcStatusCode, GrpcStatus.Boxed(code));
        }

        if (isError)
        {
            activity.SetTag(AttributeNames.ErrorType, code.ToWireName());
            activity.SetStatus(ActivityStatusCode.Error, message);
        }

        if (code != CriStatusCode.OK && this.Settings.RecordPayloads && this.TryTakeEvent(out var target, out var budget))
        {
            var text = "Response error: " + code.ToWireName() + (message is null ? string.Empty : ": " + message);
            target.AddEvent(new ActivityEvent(AttributeNames.LogEventName, tags: budget.CreateLogTags(DebugSeverity, text)));
        }
    }

    private void RecordPayload(string prefix, IMessage message)
    {
        // Formatting is the expensive part: only once the event is sure to be kept.
        if (this.Settings.RecordPayloads && this.TryTakeEvent(out var target, out var budget))
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
