using System.Diagnostics;
using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>
/// The span of one server call, whatever the SDK decided: none, an Activity that only carries the
/// context, or a recorded call.
/// </summary>
internal readonly struct ServerSpan
{
    private readonly Activity? activity;

    public ServerSpan(Activity activity, ServerCall? call)
    {
        this.activity = activity;
        this.Call = call;
    }

    /// <summary>Gets the recorded call, or <see langword="null"/> when nothing is recorded.</summary>
    public ServerCall? Call { get; }

    /// <summary>Records how the call ended and ends the span.</summary>
    public void End(ServerCallContext context, Exception? failure)
    {
        if (this.Call is { } call)
        {
            call.Complete(context, failure);
        }
        else
        {
            this.activity?.Stop();
        }
    }
}
