using System.Diagnostics;
using OpenTelemetry;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>
/// The execution context an interceptor was called with, put back as it was when it returns to
/// its caller. Starting a span changes AsyncLocals (the current Activity, baggage, and on the
/// client what the call below the span runs under); restoring the captured context undoes them
/// all without the allocation that writing each value back costs.
/// </summary>
internal readonly struct CallerContext
{
    private readonly ExecutionContext? context;
    private readonly Activity? activity;

    private CallerContext(ExecutionContext? context, Activity? activity)
    {
        this.context = context;
        this.activity = activity;
    }

    /// <summary>Gets the Activity that was current.</summary>
    public Activity? Activity => this.activity;

    /// <summary>Captures the caller's context (none is captured when the caller suppressed its flow).</summary>
    public static CallerContext Capture() => new(ExecutionContext.Capture(), Activity.Current);

    /// <summary>
    /// Makes the code below the span run with no current Activity, so Grpc.Net.Client makes no
    /// Activity of its own and HttpClient's diagnostics add no trace header, and with
    /// OpenTelemetry's instrumentation suppressed, so no other instrumentation records a second
    /// span of the call.
    /// </summary>
    /// <returns>The scope to end in <see cref="Restore"/> when there is no context to restore.</returns>
    public IDisposable? EnterBelowSpan()
    {
        if (this.context is null)
        {
            Activity.Current = null;
            return SuppressInstrumentationScope.Begin();
        }

        // Back to the caller's context first (free), so a caller with no current Activity costs
        // one AsyncLocal write here, not two.
        ExecutionContext.Restore(this.context);
        if (this.activity is not null)
        {
            Activity.Current = null;
        }

        SuppressInstrumentationScope.Enter();
        return null;
    }

    /// <summary>Puts the caller's context back: its Activity, and instrumentation no longer suppressed.</summary>
    public void Restore(IDisposable? scope = null)
    {
        if (this.context is not null)
        {
            ExecutionContext.Restore(this.context);
            return;
        }

        scope?.Dispose();
        Activity.Current = this.activity;
    }
}
