using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Collector.Internal;
using Cri.Tracing.Hosting.Diagnostics.Internal;
using Cri.Tracing.Hosting.Export;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Hosting.Lifecycle.Internal;

/// <summary>
/// One running tracer provider with its exporters: built when tracing is turned on (or its export settings change),
/// shut down within a budget when it is turned off or the host stops.
/// </summary>
internal sealed class TracingPipeline
{
    private readonly TracerProvider provider;
    private readonly CollectorExport? collector;

    private TracingPipeline(TracerProvider provider, CollectorExport? collector)
    {
        this.provider = provider;
        this.collector = collector;
    }

    /// <summary>Gets the monitor of the collector export, or <see langword="null"/> when spans are not exported.</summary>
    public ExportMonitor? Monitor => this.collector?.Monitor;

    /// <summary>Builds and starts a tracer provider: from here on it listens to the CRI spans.</summary>
    /// <exception cref="FormatException">The endpoint is not usable.</exception>
    /// <exception cref="InvalidDataException">A TLS file is not usable.</exception>
    public static TracingPipeline Start(CriTracingOptions options, CriTracingHostingOptions hosting, Sampler sampler, ILogger logger)
    {
        var collector = hosting.ExportToCollector ? CollectorExport.Create(options, hosting, logger) : null;
        try
        {
            var builder = Sdk.CreateTracerProviderBuilder()
                .SetSampler(sampler)
                .SetResourceBuilder(ServiceResource.Create(options, hosting))
                .AddCriInstrumentation()
                .AddSource([.. hosting.AdditionalSources]);
            if (collector is not null)
            {
                builder.AddProcessor(collector.Processor);
            }

            if (hosting.ConsoleWaterfall is { } waterfall)
            {
                builder.AddProcessor(new SimpleActivityExportProcessor(new WaterfallExporter(waterfall)));
            }

            return new TracingPipeline(builder.Build(), collector);
        }
        catch when (collector is not null)
        {
            // The processor's export thread is already running.
            collector.Processor.Dispose();
            collector.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends what is queued and stops, within <paramref name="budget"/> in all: the SDK's own disposal would wait up
    /// to 5 s more for a hung collector, so it is shut down first and disposal then finds nothing left to wait for.
    /// Then reports the spans that never reached the collector.
    /// </summary>
    public void Shutdown(TimeSpan budget)
    {
        var milliseconds = (int)Math.Ceiling(budget.TotalMilliseconds);
        if (!this.provider.Shutdown(milliseconds))
        {
            CriTracingHostingEventSource.Log.ShutdownBudgetExceeded(milliseconds);
        }

        this.provider.Dispose();
        this.collector?.Dispose();
        this.collector?.Monitor.ReportLosses();
    }
}
