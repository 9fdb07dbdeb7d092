using System.Diagnostics;
using Cri.Tracing.Hosting.Export.Internal;
using OpenTelemetry;

namespace Cri.Tracing.Hosting.Export;

/// <summary>
/// Prints each finished trace to a console as a waterfall: an indented tree of its spans with
/// durations, bars on the trace's time axis, status, key attributes and events.
/// </summary>
/// <remarks>
/// Spans arrive one by one as they end, children before parents, possibly from several services
/// in one process. The exporter holds them per trace and prints a trace once it has been quiet
/// for <see cref="WaterfallExporterOptions.FlushDelay"/>, or when the tracer provider is flushed
/// or shut down. It works under a simple processor (what <c>AddWaterfallConsoleExporter</c> uses)
/// and a batch processor alike, except that a batch processor's flush hands the spans over
/// without flushing the exporter: they print after the delay. At most 10,000 spans wait; beyond
/// that the oldest trace is dropped, with a note.
/// </remarks>
public sealed class WaterfallExporter : BaseExporter<Activity>
{
    internal const int DefaultMaxBufferedSpans = 10_000;

    // A span whose parent is still running here makes its trace wait this many flush delays.
    private const int ParentGraceFactor = 10;

    // The wake-up never comes sooner than this after a timer callback, so an early tick cannot spin.
    private static readonly TimeSpan MinimumWakeUpDelay = TimeSpan.FromMilliseconds(1);

    private readonly TextWriter output;
    private readonly int width;
    private readonly bool useColor;
    private readonly string[] attributeNames;
    private readonly TimeProvider timeProvider;
    private readonly int maxBufferedSpans;
    private readonly TraceBuffer buffer;
    private readonly ITimer timer;

    // Guards the buffer, the wake-up and stopped.
    private readonly Lock sync = new();

    // Keeps traces whole when the timer and a flush print at once.
    private readonly Lock outputSync = new();
    private DateTimeOffset? wakeUp;
    private bool stopped;

    /// <summary>Initializes a new instance of the <see cref="WaterfallExporter"/> class.</summary>
    /// <param name="options">The options; later changes to them have no effect.</param>
    public WaterfallExporter(WaterfallExporterOptions options)
        : this(options, TimeProvider.System, DefaultMaxBufferedSpans)
    {
    }

    internal WaterfallExporter(WaterfallExporterOptions options, TimeProvider timeProvider, int maxBufferedSpans)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.output = options.Output;
        this.width = options.Width;
        this.useColor = options.UseColor;
        this.attributeNames = [.. options.Attributes];
        this.timeProvider = timeProvider;
        this.maxBufferedSpans = maxBufferedSpans;
        this.buffer = new TraceBuffer(options.FlushDelay, options.FlushDelay * ParentGraceFactor, maxBufferedSpans);
        this.timer = timeProvider.CreateTimer(_ => this.PrintReadyTraces(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public override ExportResult Export(in Batch<Activity> batch)
    {
        var spans = new List<(WaterfallSpan Span, bool ParentExpected)>();
        foreach (var activity in batch)
        {
            // A parent still running in this process normally ends here too; one recorded by
            // another tracer provider never does, and the grace period covers that.
            spans.Add((WaterfallSpan.FromActivity(activity, this.attributeNames), activity.Parent is { Recorded: true }));
        }

        List<(string TraceId, int SpanCount)>? dropped = null;
        lock (this.sync)
        {
            var now = this.timeProvider.GetUtcNow();
            var earliest = DateTimeOffset.MaxValue;
            foreach (var (span, parentExpected) in spans)
            {
                var readyAt = this.buffer.Add(span, parentExpected, now);
                earliest = readyAt < earliest ? readyAt : earliest;
                while (this.buffer.DropOldestIfFull() is { } drop)
                {
                    (dropped ??= []).Add(drop);
                }
            }

            if (spans.Count > 0 && (this.wakeUp is not { } scheduled || earliest < scheduled))
            {
                this.WakeUpAt(earliest, now);
            }
        }

        if (dropped is not null)
        {
            this.Write(dropped.Select(d => $"waterfall: dropped trace {d.TraceId} ({d.SpanCount} spans): more than {this.maxBufferedSpans} spans were waiting to be printed{Environment.NewLine}"));
        }

        return ExportResult.Success;
    }

    /// <inheritdoc/>
    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        this.PrintAllTraces();
        return true;
    }

    /// <inheritdoc/>
    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        this.Stop();
        this.PrintAllTraces();
        return true;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            this.Stop();
        }

        base.Dispose(disposing);
    }

    private void PrintReadyTraces()
    {
        List<IReadOnlyList<WaterfallSpan>> ready;
        lock (this.sync)
        {
            var now = this.timeProvider.GetUtcNow();
            this.wakeUp = null;
            ready = this.buffer.TakeReady(now);
            if (this.buffer.NextReadyAt() is { } next)
            {
                this.WakeUpAt(next, now);
            }
        }

        try
        {
            this.Print(ready);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The output is gone (a closed console, a disposed writer): there is nowhere to print to.
        }
    }

    private void PrintAllTraces()
    {
        List<IReadOnlyList<WaterfallSpan>> all;
        lock (this.sync)
        {
            all = this.buffer.TakeAll();
        }

        this.Print(all);
    }

    private void Stop()
    {
        lock (this.sync)
        {
            this.stopped = true;
        }

        this.timer.Dispose();
    }

    private void WakeUpAt(DateTimeOffset at, DateTimeOffset now)
    {
        if (this.stopped)
        {
            return;
        }

        var delay = at - now;
        this.wakeUp = at;
        this.timer.Change(delay > MinimumWakeUpDelay ? delay : MinimumWakeUpDelay, Timeout.InfiniteTimeSpan);
    }

    private void Print(List<IReadOnlyList<WaterfallSpan>> traces)
        => this.Write(traces.Select(spans => WaterfallRenderer.Render(spans, this.width, this.useColor) + Environment.NewLine));

    private void Write(IEnumerable<string> blocks)
    {
        lock (this.outputSync)
        {
            var written = false;
            foreach (var block in blocks)
            {
                this.output.Write(block);
                written = true;
            }

            if (written)
            {
                this.output.Flush();
            }
        }
    }
}
