using System.Collections.ObjectModel;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cri.Testing;

/// <summary>
/// A real OpenTelemetry tracer provider for one test, exporting every ended span into memory
/// synchronously (OpenTelemetry's in-memory exporter behind the SDK's simple processor), so a test
/// sees exactly what an exporter would.
/// </summary>
public sealed class SpanCapture : IDisposable
{
    private readonly LockedCollection spans = [];
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
            .AddInMemoryExporter(this.spans)
            .Build()!;
    }

    /// <summary>Gets the exported spans, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => this.spans.Snapshot();

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
        while (this.Spans.Count < count)
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"Expected {count} spans, got {this.Spans.Count}: {string.Join(", ", this.Spans.Select(s => s.DisplayName))}.");
            }

            await Task.Delay(5, CancellationToken.None);
        }

        return this.Spans;
    }

    /// <inheritdoc/>
    public void Dispose() => this.provider.Dispose();

    /// <summary>What the in-memory exporter adds to while a test reads it from another thread.</summary>
    private sealed class LockedCollection : Collection<Activity>
    {
        public Activity[] Snapshot()
        {
            lock (this.Items)
            {
                return [.. this.Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (this.Items)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
