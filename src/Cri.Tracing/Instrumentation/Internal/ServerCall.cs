using System.Diagnostics;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Internal;
using Cri.Tracing.Logging.Internal;
using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>A recorded server call: the SERVER span and, in CRI-O's layout, its INTERNAL child.</summary>
internal sealed class ServerCall : TracedCall
{
    private readonly Activity? child;

    private ServerCall(Activity activity, Activity? child, TracedMethod method, TracingSettings settings)
        : base(activity, method, settings)
    {
        this.child = child;
    }

    /// <inheritdoc/>
    protected override Activity EventTarget => this.child is { IsAllDataRequested: true } ? this.child : this.Activity;

    /// <summary>Starts the call's bookkeeping on a recording SERVER span (current on return).</summary>
    public static ServerCall Start(Activity activity, TracedMethod method, TracingSettings settings, bool crioLayout)
    {
        Activity? child = null;
        if (crioLayout)
        {
            // CRI-O's child is named with the slash and keys its logs by a UUID per request.
            var requestId = Guid.NewGuid().ToString();
            child = CriActivitySource.Instance.StartActivity(
                method.Path,
                ActivityKind.Internal,
                parentContext: default,
                tags: [new(AttributeNames.CrioRequestId, requestId), new(AttributeNames.CrioRequestName, method.Path)]);
            if (child is { IsAllDataRequested: true })
            {
                new SpanEventBudget(settings.MaxEventsPerSpan, requestId, method.Path).AttachTo(child);
            }
        }

        return new ServerCall(activity, child, method, settings);
    }

    /// <summary>Records how the call ended and ends its spans.</summary>
    /// <param name="context">The call, after the handler returned or threw.</param>
    /// <param name="failure">The exception that escaped the handler, if any.</param>
    public void Complete(ServerCallContext context, Exception? failure)
    {
        try
        {
            // A handler that returns normally may still have set a status to send.
            var status = failure is null ? context.Status : GrpcStatus.FromServerException(failure, context);
            this.RecordStatus(status.StatusCode, status.Detail, GrpcStatus.IsServerError(status.StatusCode));
            if (failure is not null and not RpcException)
            {
                this.Activity.AddException(failure);
            }
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(this.Complete), ex);
        }
        finally
        {
            this.child?.Stop();
            this.Activity.Stop();
        }
    }
}
