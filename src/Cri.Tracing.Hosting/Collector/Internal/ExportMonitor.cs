using Cri.Tracing.Hosting.Diagnostics.Internal;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// Watches one exporter: keeps its queue bounded and counts every span it is given, exported, lost in a failed export,
/// dropped because the queue was full, or still queued when it stopped. Says when export starts failing and when it
/// works again, once each; a collector that flaps does not flood the log: after a warning, the next one comes no sooner
/// than <see cref="WarningInterval"/>, and a recovery is reported only after a reported failure. While the full queue
/// drops spans, says so at most once per <see cref="DropWarningInterval"/>.
/// </summary>
/// <remarks>
/// The queue bound is kept here, counting the spans in the batch being exported too, so the SDK's own queue (as large)
/// never fills and drops spans uncounted: it keeps that count to itself.
/// </remarks>
internal sealed class ExportMonitor(string endpoint, Func<string?> lastFailure, ILogger logger, TimeProvider timeProvider, int queueCapacity)
{
    /// <summary>The least time between two warnings that export is failing.</summary>
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two warnings that the full queue drops spans.</summary>
    public static readonly TimeSpan DropWarningInterval = TimeSpan.FromMinutes(1);

    private readonly Lock sync = new();
    private long received;
    private long exported;
    private long failed;
    private bool failing;
    private bool failureReported;
    private long lostSinceReport;
    private DateTimeOffset? lastWarning;
    private long queued;
    private long queueFull;
    private long queueFullSinceWarning;
    private DateTimeOffset? lastDropWarning;
    private volatile bool lossesReported;

    /// <summary>Gets the endpoint as configured.</summary>
    public string Endpoint => endpoint;

    /// <summary>Gets how many spans were given for export (including those the full queue dropped).</summary>
    public long Received => Interlocked.Read(ref this.received);

    /// <summary>Gets how many spans the full queue dropped.</summary>
    public long QueueFull => Interlocked.Read(ref this.queueFull);

    /// <summary>Gets how many spans the collector accepted.</summary>
    public long Exported => Interlocked.Read(ref this.exported);

    /// <summary>Gets how many spans were in exports that failed.</summary>
    public long Failed => Interlocked.Read(ref this.failed);

    /// <summary>
    /// Counts a span handed to the export queue and takes a place in it for the span, or counts it dropped when the
    /// queue is full. Called for every sampled span: a few atomic operations, a lock only while dropping.
    /// </summary>
    /// <returns>Whether the span may be queued.</returns>
    public bool TryQueue()
    {
        Interlocked.Increment(ref this.received);
        CriTracingHostingEventSource.Log.SpanReceived();
        if (Interlocked.Increment(ref this.queued) <= queueCapacity)
        {
            return true;
        }

        Interlocked.Decrement(ref this.queued);
        Interlocked.Increment(ref this.queueFull);
        CriTracingHostingEventSource.Log.SpansDroppedQueueFull(1);
        long dropped;
        lock (this.sync)
        {
            this.queueFullSinceWarning++;
            var now = timeProvider.GetUtcNow();
            if (now - this.lastDropWarning < DropWarningInterval)
            {
                return false;
            }

            this.lastDropWarning = now;
            dropped = this.queueFullSinceWarning;
            this.queueFullSinceWarning = 0;
        }

        CriTracingHostingEventSource.Log.QueueFull(endpoint, dropped, queueCapacity);
        CriTracingHostingLog.QueueFull(logger, dropped, queueCapacity, endpoint);
        return false;
    }

    /// <summary>Records an export the collector accepted.</summary>
    public void OnExported(long spans)
    {
        Interlocked.Add(ref this.queued, -spans);
        Interlocked.Add(ref this.exported, spans);
        CriTracingHostingEventSource.Log.SpansExported(spans);
        long lost;
        lock (this.sync)
        {
            if (!this.failing)
            {
                return;
            }

            this.failing = false;
            if (!this.failureReported)
            {
                return;
            }

            this.failureReported = false;
            lost = this.lostSinceReport;
        }

        CriTracingHostingEventSource.Log.ExportRecovered(endpoint, lost);
        CriTracingHostingLog.ExportRecovered(logger, endpoint, lost);
    }

    /// <summary>Records an export that failed: its spans are lost.</summary>
    public void OnFailed(long spans)
    {
        if (this.lossesReported)
        {
            // The export shutdown cancelled, failing after its spans were counted as dropped at shutdown.
            return;
        }

        Interlocked.Add(ref this.queued, -spans);
        Interlocked.Add(ref this.failed, spans);
        CriTracingHostingEventSource.Log.SpansFailed(spans);
        lock (this.sync)
        {
            this.lostSinceReport += spans;
            if (this.failing)
            {
                return;
            }

            this.failing = true;
            var now = timeProvider.GetUtcNow();
            if (now - this.lastWarning < WarningInterval)
            {
                return;
            }

            this.lastWarning = now;
            this.failureReported = true;
            this.lostSinceReport = spans;
        }

        var reason = lastFailure() ?? "the exporter reported a failure (see the OpenTelemetry-Exporter-OpenTelemetryProtocol event source)";
        CriTracingHostingEventSource.Log.ExportFailing(endpoint, reason);
        CriTracingHostingLog.ExportFailing(logger, endpoint, reason);
    }

    /// <summary>
    /// Counts the spans still queued after the last export as dropped at shutdown, and reports how many spans never
    /// reached the collector, for any reason.
    /// </summary>
    public void ReportLosses()
    {
        this.lossesReported = true;
        var left = Interlocked.Exchange(ref this.queued, 0);
        if (left > 0)
        {
            CriTracingHostingEventSource.Log.SpansDroppedAtShutdown(left);
        }

        var received = this.Received;
        var lost = received - this.Exported;
        if (lost > 0)
        {
            CriTracingHostingEventSource.Log.SpansNotExported(endpoint, lost, received);
            CriTracingHostingLog.SpansNotExported(logger, lost, received, endpoint);
        }
    }
}
