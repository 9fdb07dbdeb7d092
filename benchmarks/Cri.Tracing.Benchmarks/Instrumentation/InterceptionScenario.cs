namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>The tracing state an interception benchmark measures; each benchmark method is named after one.</summary>
internal enum InterceptionScenario
{
    /// <summary>The pipeline without the interceptor: the baseline.</summary>
    NoInstrumentation,

    /// <summary>
    /// An interceptor that only calls on, registered as the instrumentation's is: what grpc-dotnet
    /// costs for having any interceptor in the call, apart from what the interceptor does.
    /// </summary>
    PassThroughInterceptor,

    /// <summary>
    /// The interceptor in place with tracing disabled as <c>AddCriTracing</c> leaves it: the application's one
    /// tracer provider listens to the CRI source and the application's own, and the host's sampler is switched
    /// off. The stricter case: with no provider at all the interceptor returns at the same test.
    /// </summary>
    TracingDisabled,

    /// <summary>Tracing on, the call dropped: a root at rate 0, or a call whose parent is not sampled.</summary>
    NotSampled,

    /// <summary>Tracing on at rate 1,000,000, every span ended into a processor that exports nothing.</summary>
    Sampled,

    /// <summary>As <see cref="Sampled"/>, with three logs inside the call bridged to span events (server only).</summary>
    SampledWithLogs,

    /// <summary>
    /// No interceptor: the same call traced by OpenTelemetry's own instrumentation of that side instead, sampled,
    /// every span ended into a processor that exports nothing.
    /// </summary>
    ContribInstrumentation,
}
