using System.Diagnostics;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>Counts every Activity a source creates, recorded or not (the SDK's listener decides separately).</summary>
internal sealed class ActivityCounter : IDisposable
{
    private readonly ActivityListener listener;
    private int count;

    public ActivityCounter(string sourceName, ActivitySamplingResult result = ActivitySamplingResult.None)
    {
        this.listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => result,
            ActivityStarted = _ => Interlocked.Increment(ref this.count),
        };

        ActivitySource.AddActivityListener(this.listener);
    }

    public int Count => Volatile.Read(ref this.count);

    public void Dispose() => this.listener.Dispose();
}
