using System.Diagnostics;
using OpenTelemetry;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// The SDK's batch processor (bounded queue, drop when full, never blocks the caller), with the queue bound kept by
/// the <see cref="ExportMonitor"/> so that every span dropped is counted. Once
/// <see cref="Detach"/>ed it takes no more spans: the tracer provider keeps every processor it was given, so a
/// retired export stays in its chain, empty.
/// </summary>
internal sealed class MonitoredBatchProcessor(BaseExporter<Activity> exporter, ExportMonitor monitor, int maxQueueSize, int scheduledDelayMilliseconds, int exporterTimeoutMilliseconds, int maxExportBatchSize)
    : BatchActivityExportProcessor(exporter, maxQueueSize, scheduledDelayMilliseconds, exporterTimeoutMilliseconds, maxExportBatchSize)
{
    private volatile bool detached;

    /// <summary>Stops taking spans; those queued are still exported by <see cref="BaseProcessor{T}.Shutdown"/>.</summary>
    public void Detach() => this.detached = true;

    /// <inheritdoc/>
    public override void OnEnd(Activity data)
    {
        if (!this.detached && data.Recorded && monitor.TryQueue())
        {
            base.OnEnd(data);
        }
    }
}
