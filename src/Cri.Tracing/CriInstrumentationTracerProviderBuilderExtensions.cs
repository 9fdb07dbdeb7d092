using Cri.Tracing;
using Cri.Tracing.Sampling;


namespace OpenTelemetry.Trace;

/// <summary>Registers Cri.Tracing with an OpenTelemetry tracer provider.</summary>
public static class CriInstrumentationTracerProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes the tracer provider to the CRI spans (<see cref="CriTracing.ActivitySourceName"/>).
    /// Pair it with <see cref="CriSamplers.ParentBasedPerMillion(int)"/> to sample as CRI-O and the
    /// kubelet do.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder.</returns>
    public static TracerProviderBuilder AddCriInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(CriTracing.ActivitySourceName);
    }
}
