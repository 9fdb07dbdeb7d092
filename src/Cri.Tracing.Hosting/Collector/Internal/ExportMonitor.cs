using Cri.Tracing.Hosting.Diagnostics.Internal;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// Watches one exporter: counts the spans queued, exported and lost in failed exports, and says when export starts
/// failing and when it works again, once each. A collector that flaps does not flood the log: after a warning, the
/// next one comes no sooner than <see cref="WarningInterval"/>, and a recovery is reported only after a reported failure.
/// </summary>
internal sealed class ExportMonitor(string endpoint, Func<string?> lastFailure, ILogger logger, TimeProvider timeProvider)
{
    /// <summary>The least time between two warnings that export is failing.</summary>
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(5);

    private readonly Lock sync = new();
    private long received;
    private long exported;
    private long failed;
    private bool failing;
    private bool failureReported;
    private long lostSinceReport;
    private DateTimeOffset? lastWarning;

    /// <summary>Gets the endpoint as configured.</summary>
    public string Endpoint => endpoint;

    /// <summary>Gets how many spans were queued for export (including those the full queue dropped).</summary>
    public long Received => Interlocked.Read(ref this.received);

    /// <summary>Gets how many spans the collector accepted.</summary>
    public long Exported => Interlocked.Read(ref this.exported);

    /// <summary>Gets how many spans were in exports that failed.</summary>
    public long Failed => Interlocked.Read(ref this.failed);

    /// <summary>Counts a span handed to the export queue. Called for every sampled span: one atomic add each.</summary>
    public void OnReceived()
    {
        Interlocked.Increment(ref this.received);
        CriTracingHostingEventSource.Log.SpanReceived();
    }

    /// <summary>Records an export the collector accepted.</summary>
    public void OnExported(long spans)
    {
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

    /// <summary>Reports, after the last export, how many queued spans never reached the collector.</summary>
    public void ReportLosses()
    {
        var received = this.Received;
        var lost = received - this.Exported;
        if (lost > 0)
        {
            CriTracingHostingEventSource.Log.SpansNotExported(endpoint, lost, received);
            CriTracingHostingLog.SpansNotExported(logger, lost, received, endpoint);
        }
    }
}
