using System.Diagnostics;
using OpenTelemetry;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// The SDK's batch processor (bounded queue, drop when full, never blocks the caller), counting the spans it is
/// given so that those the full queue dropped are accounted for: the SDK keeps that count to itself.
/// </summary>
internal sealed class MonitoredBatchProcessor(BaseExporter<Activity> exporter, ExportMonitor monitor, int maxQueueSize, int scheduledDelayMilliseconds, int exporterTimeoutMilliseconds, int maxExportBatchSize)
    : BatchActivityExportProcessor(exporter, maxQueueSize, scheduledDelayMilliseconds, exporterTimeoutMilliseconds, maxExportBatchSize)
{
    /// <inheritdoc/>
    public override void OnEnd(Activity data)
    {
        if (data.Recorded)
        {
            monitor.OnReceived();
        }

        base.OnEnd(data);
    }
}
