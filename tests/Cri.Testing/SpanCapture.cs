using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cri.Testing;

/// <summary>
/// A real OpenTelemetry tracer provider for one test, exporting every ended span into memory
/// synchronously (the SDK's simple processor), so a test sees exactly what an exporter would.
/// </summary>
public sealed class SpanCapture : IDisposable
{
    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly TracerProvider provider;

    /// <summary>Initializes a new instance of the <see cref="SpanCapture"/> class.</summary>
    /// <param name="sampler">The provider's sampler; <see langword="null"/> samples everything.</param>
    /// <param name="sources">The activity sources to listen to.</param>
    public SpanCapture(Sampler? sampler, params string[] sources)
        : this(sampler, configure: null, sources)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpanCapture"/> class with more instrumentation.</summary>
    /// <param name="sampler">The provider's sampler; <see langword="null"/> samples everything.</param>
    /// <param name="configure">Adds instrumentation to the provider, such as OpenTelemetry's HttpClient instrumentation.</param>
    /// <param name="sources">The activity sources to listen to.</param>
    public SpanCapture(Sampler? sampler, Action<TracerProviderBuilder>? configure, params string[] sources)
    {
        var builder = Sdk.CreateTracerProviderBuilder()
            .AddSource(sources)
            .SetSampler(sampler ?? new AlwaysOnSampler());
        configure?.Invoke(builder);
        this.provider = builder
            .AddProcessor(new SimpleActivityExportProcessor(new MemoryExporter(this.spans)))
            .Build()!;
    }

    /// <summary>Gets the exported spans, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. this.spans];

    /// <summary>Gets the one exported span with this name, or fails.</summary>
    public Activity Named(string name)
    {
        var matches = this.Spans.Where(s => s.DisplayName == name).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected one span named '{name}', found {matches.Count}: {string.Join(", ", this.Spans.Select(s => s.DisplayName))}.");
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> spans were exported (a server span ends after
    /// the client saw the reply). Gives up after 30 seconds so a missing span fails the test
    /// instead of hanging it.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(int count, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (this.spans.Count < count)
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"Expected {count} spans, got {this.spans.Count}: {string.Join(", ", this.Spans.Select(s => s.DisplayName))}.");
            }

            await Task.Delay(5, CancellationToken.None);
        }

        return this.Spans;
    }

    /// <inheritdoc/>
    public void Dispose() => this.provider.Dispose();

    private sealed class MemoryExporter(ConcurrentQueue<Activity> spans) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                spans.Enqueue(activity);
            }

            return ExportResult.Success;
        }
    }
}
