using Cri.Tracing.Hosting.Export;


namespace OpenTelemetry.Trace;

/// <summary>Registers the <see cref="WaterfallExporter"/> with an OpenTelemetry tracer provider.</summary>
public static class WaterfallExporterTracerProviderBuilderExtensions
{
    /// <summary>
    /// Prints every finished trace to the console as a waterfall (see <see cref="WaterfallExporter"/>),
    /// through a simple export processor: the exporter does its own buffering.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>The same builder.</returns>
    public static TracerProviderBuilder AddWaterfallConsoleExporter(this TracerProviderBuilder builder, Action<WaterfallExporterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new WaterfallExporterOptions();
        configure?.Invoke(options);
        return builder.AddProcessor(new SimpleActivityExportProcessor(new WaterfallExporter(options)));
    }
}
