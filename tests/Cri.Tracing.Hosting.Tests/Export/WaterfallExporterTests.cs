using System.Diagnostics;
using Cri.Tracing.Hosting.Export;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Hosting.Tests.Export;

public sealed class WaterfallExporterTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(200);

    // A source per test: listeners are process-wide and tests run in parallel.
    private readonly ActivitySource source = new("waterfall-test-" + Guid.NewGuid().ToString("N"));
    private readonly StringWriter output = new();
    private readonly ManualTimeProvider clock = new();

    [Fact]
    public void A_trace_is_printed_once_it_has_been_quiet_for_the_flush_delay()
    {
        using var provider = this.CreateProvider();
        string traceId;
        using (var root = this.source.StartActivity("runp"))
        {
            traceId = root!.TraceId.ToHexString();
            this.source.StartActivity("setup_network")!.Stop();
        }

        this.clock.Advance(Delay - TimeSpan.FromTicks(1));
        var before = this.output.ToString();
        this.clock.Advance(TimeSpan.FromTicks(1));
        var lines = Lines(this.output.ToString());

        Assert.Empty(before);
        Assert.StartsWith($"trace {traceId}  runp  (", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  runp ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  └─ setup_network ", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Spans_wait_for_a_parent_still_running_here()
    {
        using var provider = this.CreateProvider();
        using (this.source.StartActivity("syncPod"))
        {
            this.source.StartActivity("RunPodSandbox", ActivityKind.Client)!.Stop();
            this.clock.Advance(Delay * 5);
            Assert.Empty(this.output.ToString());
        }

        this.clock.Advance(Delay);
        var lines = Lines(this.output.ToString());

        Assert.Contains(" syncPod  (", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  └─ RunPodSandbox  CLIENT ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_parent_that_outlives_the_grace_period_is_printed_as_a_further_tree()
    {
        using var provider = this.CreateProvider();
        using (this.source.StartActivity("GetContainerEvents", ActivityKind.Server))
        {
            this.source.StartActivity("event")!.Stop();
            this.clock.Advance(Delay * 10);
        }

        this.clock.Advance(Delay);
        var headers = Lines(this.output.ToString()).Where(l => l.StartsWith("trace ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, headers.Count);
        Assert.Contains(" event  (", headers[0], StringComparison.Ordinal);
        Assert.Contains(" GetContainerEvents  (", headers[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_remote_parent_is_not_waited_for()
    {
        using var provider = this.CreateProvider();
        var remote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        this.source.StartActivity("runtime.v1.RuntimeService/Version", ActivityKind.Server, remote)!.Stop();

        this.clock.Advance(Delay);

        Assert.StartsWith($"trace {remote.TraceId.ToHexString()}  runtime.v1.RuntimeService/Version  (", this.output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Flushing_prints_everything_buffered()
    {
        using var provider = this.CreateProvider();
        using (this.source.StartActivity("waiting"))
        {
            this.source.StartActivity("child")!.Stop();
        }

        this.source.StartActivity("other")!.Stop();

        Assert.True(provider.ForceFlush());
        var headers = Lines(this.output.ToString()).Where(l => l.StartsWith("trace ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, headers.Count);
        Assert.Contains(" waiting  (", headers[0], StringComparison.Ordinal);
        Assert.Contains(" other  (", headers[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Under_a_batch_processor_the_delay_prints_what_a_flush_handed_over()
    {
        var exporter = new WaterfallExporter(new WaterfallExporterOptions { Output = this.output, FlushDelay = Delay }, this.clock, WaterfallExporter.DefaultMaxBufferedSpans);
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(this.source.Name)
            .AddProcessor(new BatchActivityExportProcessor(exporter))
            .Build()!;
        using (this.source.StartActivity("root"))
        {
            this.source.StartActivity("child")!.Stop();
        }

        Assert.True(provider.ForceFlush());
        this.clock.Advance(Delay);
        var lines = Lines(this.output.ToString());

        Assert.Contains(" root  (", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  └─ child ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Overflowing_the_buffer_drops_the_oldest_trace_with_a_note()
    {
        using var provider = this.CreateProvider(maxBufferedSpans: 2);
        string first;
        using (var root = this.source.StartActivity("first"))
        {
            first = root!.TraceId.ToHexString();
            this.source.StartActivity("first-child")!.Stop();
        }

        this.source.StartActivity("second")!.Stop();
        provider.ForceFlush();
        var lines = Lines(this.output.ToString());

        Assert.Equal($"waterfall: dropped trace {first} (2 spans): more than 2 spans were waiting to be printed", lines[0]);
        Assert.Contains(" second  (", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("first-child", StringComparison.Ordinal));
    }

    [Fact]
    public void AddWaterfallConsoleExporter_prints_what_is_left_at_shutdown()
    {
        var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(this.source.Name)
            .AddWaterfallConsoleExporter(o =>
            {
                o.Output = this.output;
                o.FlushDelay = TimeSpan.FromMinutes(1);
                o.Attributes = ["k8s.pod.name"];
            })
            .Build()!;
        using (var call = this.source.StartActivity("runtime.v1.RuntimeService/StopPodSandbox", ActivityKind.Server))
        {
            call!.SetTag("k8s.pod.name", "nginx").SetTag("k8s.namespace.name", "default").SetStatus(ActivityStatusCode.Error, "timed out");
        }

        provider.Dispose();
        var spanLine = Lines(this.output.ToString())[1];

        Assert.StartsWith("  runtime.v1.RuntimeService/StopPodSandbox  SERVER  ", spanLine, StringComparison.Ordinal);
        Assert.EndsWith("|  ERROR: timed out  k8s.pod.name=nginx", spanLine, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        this.source.Dispose();
        this.output.Dispose();
    }

    private static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private TracerProvider CreateProvider(int maxBufferedSpans = WaterfallExporter.DefaultMaxBufferedSpans)
    {
        var exporter = new WaterfallExporter(new WaterfallExporterOptions { Output = this.output, FlushDelay = Delay }, this.clock, maxBufferedSpans);
        return Sdk.CreateTracerProviderBuilder()
            .AddSource(this.source.Name)
            .AddProcessor(new SimpleActivityExportProcessor(exporter))
            .Build()!;
    }
}
