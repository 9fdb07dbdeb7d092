using Cri.Tracing.Instrumentation;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Sampling;

/// <summary>The samplers the CRI ecosystem builds.</summary>
public static class CriSamplers
{
    /// <summary>
    /// Creates the sampler of CRI-O, the kubelet, the apiserver and crictl:
    /// <c>ParentBased(rate &lt;= 0 ? AlwaysOff : PerMillionSampler(rate))</c>. A call with a parent
    /// (an incoming <c>traceparent</c> or a local span) follows the parent's sampled flag whatever
    /// the rate; the rate decides only for roots.
    /// </summary>
    /// <param name="ratePerMillion">Root traces to sample per million (0 or less: none).</param>
    /// <returns>The sampler.</returns>
    /// <remarks>
    /// Give the same rate to <see cref="CriInstrumentationOptions.SamplingRatePerMillion"/> so the
    /// interceptors can make the decision before an <see cref="System.Diagnostics.Activity"/> is
    /// created, which keeps dropped calls allocation-free.
    /// </remarks>
    public static Sampler ParentBasedPerMillion(int ratePerMillion)
        => new ParentBasedSampler(ratePerMillion <= 0 ? new AlwaysOffSampler() : new PerMillionSampler(ratePerMillion));
}
