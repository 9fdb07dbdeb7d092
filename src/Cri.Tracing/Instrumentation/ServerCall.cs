using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.Grpc;
using Cri.Tracing.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cri.Tracing;

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
    /// <param name="context">The call's HTTP context, after the rest of the pipeline ran.</param>
    /// <param name="failure">The exception that escaped the pipeline, if any.</param>
    public void Complete(HttpContext context, Exception? failure)
    {
        try
        {
            var (code, message) = ReadStatus(context, failure);
            this.RecordStatus(code, message, GrpcStatus.IsServerError(code));
            if (failure is not null)
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

    private static (CriStatusCode Code, string? Message) ReadStatus(HttpContext context, Exception? failure)
    {
        // The binding writes the status as trailers, or in the headers of a trailers-only reply.
        if ((context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers
                && GrpcStatus.TryRead(trailers, out var code, out var message))
            || GrpcStatus.TryRead(context.Response.Headers, out code, out message))
        {
            return (code, message);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return (CriStatusCode.Cancelled, null);
        }

        if (failure is not null)
        {
            return (CriStatusCode.Unknown, failure.Message);
        }

        return context.Response.StatusCode == StatusCodes.Status200OK
            ? (CriStatusCode.Unknown, "The response carried no grpc-status.")
            : (GrpcHttpStatus.ToStatusCode((System.Net.HttpStatusCode)context.Response.StatusCode), null);
    }
}
