using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// The OTLP trace exporter, reporting each export's outcome to an <see cref="ExportMonitor"/>.
/// </summary>
/// <remarks>
/// A subclass rather than a wrapper: the OTLP exporter reads the resource (<c>service.name</c>, ...) from its
/// <c>ParentProvider</c>, which only the SDK can set, on the exporter it was given.
/// </remarks>
internal sealed class MonitoredOtlpExporter(OtlpExporterOptions options, ExportMonitor monitor) : OtlpTraceExporter(options)
{
    /// <inheritdoc/>
    public override ExportResult Export(in Batch<Activity> batch)
    {
        var result = base.Export(batch);
        if (result == ExportResult.Success)
        {
            monitor.OnExported(batch.Count);
        }
        else
        {
            monitor.OnFailed(batch.Count);
        }

        return result;
    }
}
