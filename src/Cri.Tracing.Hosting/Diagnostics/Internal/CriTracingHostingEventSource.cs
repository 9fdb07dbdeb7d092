using System.Diagnostics.Tracing;

namespace Cri.Tracing.Hosting.Diagnostics.Internal;

/// <summary>
/// Self-diagnostics of Cri.Tracing.Hosting: export health, lost spans, reloads, and counters of the spans received,
/// exported, and dropped for each reason and in all (process-wide totals). OpenTelemetry's self-diagnostics and
/// <c>dotnet-counters</c> / <c>dotnet-trace</c> find it by its <c>OpenTelemetry-</c> name.
/// </summary>
[EventSource(Name = "OpenTelemetry-Instrumentation-Cri-Hosting")]
internal sealed class CriTracingHostingEventSource : EventSource
{
    public static readonly CriTracingHostingEventSource Log = new();

    private long spansReceived;
    private long spansExported;
    private long spansFailed;
    private long spansQueueFull;
    private long spansAtShutdown;
    private PollingCounter? receivedCounter;
    private PollingCounter? exportedCounter;
    private PollingCounter? failedCounter;
    private PollingCounter? queueFullCounter;
    private PollingCounter? shutdownCounter;
    private PollingCounter? droppedCounter;

    private CriTracingHostingEventSource()
    {
    }

    [NonEvent]
    public void SpanReceived() => Interlocked.Increment(ref this.spansReceived);

    [NonEvent]
    public void SpansExported(long count) => Interlocked.Add(ref this.spansExported, count);

    [NonEvent]
    public void SpansFailed(long count) => Interlocked.Add(ref this.spansFailed, count);

    [NonEvent]
    public void SpansDroppedQueueFull(long count) => Interlocked.Add(ref this.spansQueueFull, count);

    [NonEvent]
    public void SpansDroppedAtShutdown(long count) => Interlocked.Add(ref this.spansAtShutdown, count);

    /// <summary>Gets the spans dropped for any reason: in failed exports, by the full queue, and at shutdown.</summary>
    [NonEvent]
    public long SpansDropped() => Interlocked.Read(ref this.spansFailed) + Interlocked.Read(ref this.spansQueueFull) + Interlocked.Read(ref this.spansAtShutdown);

    [Event(1, Message = "Exporting spans to '{0}' failed: {1}. Spans are dropped until it answers again.", Level = EventLevel.Warning)]
    public void ExportFailing(string endpoint, string reason) => this.WriteEvent(1, endpoint, reason);

    [Event(2, Message = "Exporting spans to '{0}' works again; {1} spans in failed exports were lost meanwhile.", Level = EventLevel.Informational)]
    public void ExportRecovered(string endpoint, long lostSpans) => this.WriteEvent(2, endpoint, lostSpans);

    [Event(3, Message = "{1} of {2} spans were not exported to '{0}'.", Level = EventLevel.Warning)]
    public void SpansNotExported(string endpoint, long lostSpans, long receivedSpans) => this.WriteEvent(3, endpoint, lostSpans, receivedSpans);

    [Event(4, Message = "Shutting the collector export down took longer than its budget of {0} ms; the rest of the queue was dropped.", Level = EventLevel.Warning)]
    public void ShutdownBudgetExceeded(int budgetMilliseconds) => this.WriteEvent(4, budgetMilliseconds);

    [Event(5, Message = "Tracing settings applied: enabled {0}, {1} root spans per million, new collector export started {2}.", Level = EventLevel.Informational)]
    public void SettingsApplied(bool enabled, int samplingRatePerMillion, bool exportStarted) => this.WriteEvent(5, enabled, samplingRatePerMillion, exportStarted);

    [Event(6, Message = "Reloaded tracing settings were not applied; the previous ones stay in effect: {0}", Level = EventLevel.Error)]
    public void ReloadNotApplied(string reason) => this.WriteEvent(6, reason);

    [Event(7, Message = "The export queue of {2} spans for '{0}' was full: {1} spans were dropped since the last such warning.", Level = EventLevel.Warning)]
    public void QueueFull(string endpoint, long droppedSpans, int queueCapacity) => this.WriteEvent(7, endpoint, droppedSpans, queueCapacity);

    /// <inheritdoc/>
    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        if (command.Command != EventCommand.Enable)
        {
            return;
        }

        this.receivedCounter ??= new PollingCounter("spans-received", this, () => Interlocked.Read(ref this.spansReceived))
        {
            DisplayName = "Spans queued for export",
        };
        this.exportedCounter ??= new PollingCounter("spans-exported", this, () => Interlocked.Read(ref this.spansExported))
        {
            DisplayName = "Spans the collector accepted",
        };
        this.failedCounter ??= new PollingCounter("spans-export-failed", this, () => Interlocked.Read(ref this.spansFailed))
        {
            DisplayName = "Spans lost in failed exports",
        };
        this.queueFullCounter ??= new PollingCounter("spans-dropped-queue-full", this, () => Interlocked.Read(ref this.spansQueueFull))
        {
            DisplayName = "Spans dropped because the export queue was full",
        };
        this.shutdownCounter ??= new PollingCounter("spans-dropped-at-shutdown", this, () => Interlocked.Read(ref this.spansAtShutdown))
        {
            DisplayName = "Spans still queued when export stopped",
        };
        this.droppedCounter ??= new PollingCounter("spans-dropped", this, () => this.SpansDropped())
        {
            DisplayName = "Spans dropped for any reason",
        };
    }
}
