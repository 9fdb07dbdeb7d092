using Cri.Tracing.Hosting.Collector.Internal;
using Cri.Tracing.Hosting.Diagnostics.Internal;
using Cri.Tracing.Hosting.Tests.Export;
using Cri.Tracing.Hosting.Tests.Support;

namespace Cri.Tracing.Hosting.Tests.Collector;

/// <summary>
/// One warning when export starts failing, one when it recovers, never one per batch; spans the full queue drops are
/// counted and warned about at most once a minute; spans left at shutdown are counted.
/// </summary>
public sealed class ExportMonitorTests : IDisposable
{
    private const string Endpoint = "127.0.0.1:4317";
    private const int QueueCapacity = 3;
    private const int QueueFull = 5;

    private readonly LogCapture logs = new();
    private readonly ManualTimeProvider time = new();
    private string? reason = "Connection refused (127.0.0.1:4317)";

    [Fact]
    public void Repeated_failures_warn_once_with_the_reason()
    {
        var monitor = this.Create();
        var dropped = CriTracingHostingEventSource.Log.SpansDropped();

        monitor.OnFailed(512);
        monitor.OnFailed(512);
        monitor.OnFailed(3);

        var warning = Assert.Single(this.logs.Logs);
        Assert.Equal("Exporting spans to 127.0.0.1:4317 failed: Connection refused (127.0.0.1:4317). CRI calls are not affected; spans are dropped until the collector answers, and further failures are not logged.", warning.Message);
        Assert.Equal(1027, monitor.Failed);
        Assert.True(CriTracingHostingEventSource.Log.SpansDropped() - dropped >= 1027);
    }

    [Fact]
    public void Recovery_is_reported_once_with_the_spans_lost_meanwhile()
    {
        var monitor = this.Create();
        monitor.OnExported(10);
        monitor.OnFailed(4);
        monitor.OnFailed(6);

        monitor.OnExported(2);
        monitor.OnExported(2);

        Assert.Equal("Exporting spans to 127.0.0.1:4317 works again; 10 spans in failed exports were lost while it failed.", this.logs.Hosting(2).Single().Message);
        Assert.Equal(2, this.logs.Logs.Count);
        Assert.Equal(14, monitor.Exported);
    }

    [Fact]
    public void A_flapping_collector_is_reported_once_per_interval()
    {
        var monitor = this.Create();
        for (var i = 0; i < 10; i++)
        {
            monitor.OnFailed(1);
            monitor.OnExported(1);
            this.time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Single(this.logs.Hosting(1));
        Assert.Single(this.logs.Hosting(2));

        this.time.Advance(ExportMonitor.WarningInterval);
        monitor.OnFailed(1);

        Assert.Equal(2, this.logs.Hosting(1).Count);
    }

    [Fact]
    public void Without_a_recorded_reason_the_warning_points_to_the_exporter_diagnostics()
    {
        this.reason = null;

        this.Create().OnFailed(1);

        Assert.Contains("OpenTelemetry-Exporter-OpenTelemetryProtocol", Assert.Single(this.logs.Logs).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failures_recoveries_and_losses_are_self_diagnostics_events_too()
    {
        using var listener = new HostingEvents();
        var monitor = this.Create();
        Assert.True(monitor.TryQueue());
        Assert.True(monitor.TryQueue());
        Assert.True(monitor.TryQueue());

        monitor.OnFailed(2);
        monitor.OnExported(1);
        monitor.ReportLosses();

        var events = listener.Events.Where(e => e.Payload is [Endpoint, ..]).ToList();
        Assert.Equal([1, 2, 3], events.Select(e => e.EventId));
        Assert.Equal([Endpoint, this.reason], events[0].Payload);
        Assert.Equal([Endpoint, 2L], events[1].Payload);
        Assert.Equal([Endpoint, 2L, 3L], events[2].Payload);
    }

    [Fact]
    public void Losses_are_reported_as_the_spans_queued_but_never_exported()
    {
        var monitor = this.Create();
        FillQueue(monitor);

        monitor.OnExported(2);
        monitor.ReportLosses();

        Assert.Equal("1 of 3 spans were not exported to 127.0.0.1:4317: the collector was unreachable, the export queue was full, or shutdown ran out of time.", Assert.Single(this.logs.Logs).Message);
    }

    [Fact]
    public void Nothing_lost_reports_nothing()
    {
        var monitor = this.Create();
        Assert.True(monitor.TryQueue());
        monitor.OnExported(1);

        monitor.ReportLosses();

        Assert.Empty(this.logs.Logs);
    }

    [Fact]
    public void A_full_queue_drops_and_counts_each_span_and_warns_at_most_once_a_minute()
    {
        var monitor = this.Create();
        var dropped = CriTracingHostingEventSource.Log.SpansDropped();
        FillQueue(monitor);

        Assert.False(monitor.TryQueue());
        this.time.Advance(ExportMonitor.DropWarningInterval - TimeSpan.FromSeconds(1));
        Assert.False(monitor.TryQueue());
        Assert.False(monitor.TryQueue());

        Assert.Equal("The export queue of 3 spans for 127.0.0.1:4317 was full and dropped spans (1 since the last such warning): the collector does not keep up. CRI calls are not affected; this repeats at most once a minute while spans are dropped.", Assert.Single(this.logs.Hosting(QueueFull)).Message);
        Assert.Equal(3, monitor.QueueFull);
        Assert.True(CriTracingHostingEventSource.Log.SpansDropped() - dropped >= 3);

        this.time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(monitor.TryQueue());
        Assert.Contains("(3 since the last such warning)", this.logs.Hosting(QueueFull)[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exported_and_failed_batches_free_their_places_in_the_queue()
    {
        var monitor = this.Create();
        FillQueue(monitor);

        monitor.OnExported(2);
        monitor.OnFailed(1);

        Assert.True(monitor.TryQueue());
        Assert.True(monitor.TryQueue());
        Assert.True(monitor.TryQueue());
        Assert.False(monitor.TryQueue());
        Assert.Equal(1, monitor.QueueFull);
    }

    [Fact]
    public void Spans_still_queued_when_export_stops_are_counted_as_dropped_at_shutdown()
    {
        var monitor = this.Create();
        var dropped = CriTracingHostingEventSource.Log.SpansDropped();
        Assert.True(monitor.TryQueue());
        Assert.True(monitor.TryQueue());

        monitor.ReportLosses();
        monitor.OnFailed(2);

        // The export cancelled at shutdown fails afterwards: its spans are counted once.
        Assert.Equal(0, monitor.Failed);
        Assert.True(CriTracingHostingEventSource.Log.SpansDropped() - dropped >= 2);
        Assert.StartsWith("2 of 2 spans were not exported", Assert.Single(this.logs.Logs).Message, StringComparison.Ordinal);
    }

    public void Dispose() => this.logs.Dispose();

    private static void FillQueue(ExportMonitor monitor)
    {
        for (var i = 0; i < QueueCapacity; i++)
        {
            Assert.True(monitor.TryQueue());
        }
    }

    private ExportMonitor Create() => new(Endpoint, () => this.reason, this.logs.CreateLogger("Cri.Tracing.Hosting"), this.time, QueueCapacity);
}
