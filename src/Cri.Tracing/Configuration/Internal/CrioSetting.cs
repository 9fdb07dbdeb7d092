namespace Cri.Tracing.Configuration.Internal;

/// <summary>The three <c>[crio.tracing]</c> settings that CRI-O also takes from variables and flags.</summary>
internal enum CrioSetting
{
    /// <summary><c>enable_tracing</c>, <c>CONTAINER_ENABLE_TRACING</c>, <c>--enable-tracing</c>.</summary>
    EnableTracing,

    /// <summary><c>tracing_endpoint</c>, <c>CONTAINER_TRACING_ENDPOINT</c>, <c>--tracing-endpoint</c>.</summary>
    TracingEndpoint,

    /// <summary><c>tracing_sampling_rate_per_million</c>, <c>CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION</c>, <c>--tracing-sampling-rate-per-million</c>.</summary>
    TracingSamplingRatePerMillion,
}
