using System.Diagnostics;
using Cri.Tracing.Internal;
using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>
/// A recorded client call. Its CLIENT span outlives the interceptor: it ends when the response
/// arrives or the response stream ends, with the call's status, or when the caller disposes the
/// call before that.
/// </summary>
internal sealed class ClientCall : TracedCall
{
    private int completed;

    public ClientCall(Activity activity, TracedMethod method, TracingSettings settings)
        : base(activity, method, settings)
    {
    }

    /// <summary>Gets or sets the call below the span, for a wrapper whose callbacks take this call as their state.</summary>
    public IDisposable? Inner { get; set; }

    /// <summary>The call ended with OK.</summary>
    public void Succeed() => this.Complete(StatusCode.OK, null, null);

    /// <summary>The call ended with a status: from the trailers of a stream that ended.</summary>
    public void End(Status status) => this.Complete(status.StatusCode, status.Detail, null);

    /// <summary>The call failed; grpc-dotnet reports the status as an <see cref="RpcException"/>.</summary>
    public void Fail(Exception exception)
    {
        var status = GrpcStatus.FromClientException(exception);
        this.Complete(status.StatusCode, status.Detail, exception is RpcException ? null : exception);
    }

    /// <summary>The caller disposed the call before its end was read: it gave up on it.</summary>
    public void Abandon() => this.Complete(StatusCode.Cancelled, "The call was disposed before it ended.", null);

    /// <summary>The dispose action of a wrapped call: keeps <paramref name="inner"/> as the call below the span.</summary>
    public Action DisposeWith(IDisposable inner)
    {
        this.Inner = inner;
        return this.AbandonAndDispose;
    }

    /// <summary>Disposing the wrapped call: ends the span as abandoned if it has not ended, then disposes the call below it.</summary>
    public void AbandonAndDispose()
    {
        this.Abandon();
        this.Inner?.Dispose();
    }

    private void Complete(StatusCode code, string? message, Exception? exception)
    {
        if (Interlocked.Exchange(ref this.completed, 1) != 0)
        {
            return;
        }

        try
        {
            // On the client every code but OK is a failure.
            this.RecordStatus(code, message, code != StatusCode.OK);
            if (exception is not null)
            {
                this.Activity.AddException(exception);
            }
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(this.Complete), ex);
        }
        finally
        {
            // The span ends wherever the response is read, where it is not current: Stop() would
            // set that code's Activity.Current to the span's parent, so put it back.
            var caller = CallerContext.Capture();
            this.Activity.Stop();
            caller.Restore();
        }
    }
}
