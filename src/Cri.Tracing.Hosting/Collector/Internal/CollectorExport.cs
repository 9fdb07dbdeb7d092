using Cri.Protos;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Diagnostics.Internal;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// Export to an OTLP collector, as CRI-O does it (a batch processor with a queue of 2048, batches of 512, never
/// blocking a call) but with a short timeout per export, TLS from PEM files, and an <see cref="ExportMonitor"/>.
/// Owns the <see cref="HttpClient"/> and certificates, which outlive the exporter's own disposal. One instance per
/// export settings: a reload that re-points export retires it and adds a new one to the tracer provider.
/// </summary>
internal sealed class CollectorExport : IDisposable
{
    /// <summary>CRI-O's batch size.</summary>
    public const int MaxBatchSize = 512;

    private readonly HttpClient client;
    private readonly CollectorTls? tls;

    private CollectorExport(MonitoredBatchProcessor processor, ExportMonitor monitor, HttpClient client, CollectorTls? tls)
    {
        this.Processor = processor;
        this.Monitor = monitor;
        this.client = client;
        this.tls = tls;
    }

    /// <summary>Gets the processor to add to the tracer provider.</summary>
    public MonitoredBatchProcessor Processor { get; }

    /// <summary>Gets the monitor of the export.</summary>
    public ExportMonitor Monitor { get; }

    /// <summary>Builds the export for validated options.</summary>
    /// <exception cref="FormatException">The endpoint is not usable.</exception>
    /// <exception cref="InvalidDataException">A TLS file is not usable.</exception>
    public static CollectorExport Create(CriTracingOptions options, CriTracingHostingOptions hosting, ILogger logger)
    {
        var endpoint = CollectorEndpoint.Parse(options.Endpoint, options.Protocol, options.Insecure);
        var tls = endpoint.UsesTls ? CollectorTls.Load(options) : null;
        var transport = CriChannel.CreateHttpHandler(endpoint.Transport, hosting.ExportTimeout);
        if (tls is not null)
        {
            transport.SslOptions = tls.CreateSslOptions();
        }

        var recorder = new ExportFailureRecorder(transport, hosting.ExportTimeout);

        // The exporter's own deadline and this timeout are the same: a collector that never answers holds the
        // export thread for this long at most.
        var client = new HttpClient(recorder) { Timeout = hosting.ExportTimeout };
        try
        {
            foreach (var (name, value) in options.Headers)
            {
                client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
            }

            var monitor = new ExportMonitor(endpoint.Configured, () => recorder.LastFailure, logger, TimeProvider.System, hosting.MaxQueueSize);
            var timeout = ToMilliseconds(hosting.ExportTimeout);
            var exporter = new MonitoredOtlpExporter(
                new OtlpExporterOptions
                {
                    Protocol = options.Protocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
                    Endpoint = endpoint.ExportUri,
                    TimeoutMilliseconds = timeout,

                    // Headers come from CriTracingOptions (DefaultRequestHeaders above), not from OTEL_EXPORTER_OTLP_HEADERS.
                    Headers = null,
                    HttpClientFactory = () => client,
                },
                monitor);
            var processor = new MonitoredBatchProcessor(
                exporter,
                monitor,
                hosting.MaxQueueSize,
                ToMilliseconds(hosting.ExportInterval),
                timeout,
                Math.Min(MaxBatchSize, hosting.MaxQueueSize));
            return new CollectorExport(processor, monitor, client, tls);
        }
        catch
        {
            client.Dispose();
            tls?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends what is queued and stops, within <paramref name="budget"/> in all; then cancels an export still waiting
    /// for a hung collector and reports the spans that never reached it. The caller has detached the processor first,
    /// at once, so that no span reaches it while this runs in the background.
    /// </summary>
    public void Shutdown(TimeSpan budget)
    {
        var milliseconds = ToMilliseconds(budget);
        if (!this.Processor.Shutdown(milliseconds))
        {
            CriTracingHostingEventSource.Log.ShutdownBudgetExceeded(milliseconds);
        }

        this.Dispose();
        this.Monitor.ReportLosses();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        this.client.Dispose();
        this.tls?.Dispose();
    }

    private static int ToMilliseconds(TimeSpan value) => (int)Math.Ceiling(value.TotalMilliseconds);
}
