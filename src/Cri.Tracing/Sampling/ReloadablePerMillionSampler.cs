using Cri.Tracing.Instrumentation;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Sampling;

/// <summary>
/// The ecosystem's <c>ParentBased(PerMillion(rate))</c> sampler (<see cref="CriSamplers.ParentBasedPerMillion"/>)
/// with a rate that can change while the tracer provider runs, as a configuration reload needs: each decision reads
/// the current rate once. Give the same instance to the interceptors (<see cref="CriInstrumentationOptions.Sampler"/>)
/// so that what they decide before creating an Activity always matches it.
/// </summary>
public sealed class ReloadablePerMillionSampler : Sampler
{
    private volatile Sampler current;
    private int ratePerMillion;

    /// <summary>Initializes a new instance of the <see cref="ReloadablePerMillionSampler"/> class.</summary>
    /// <param name="ratePerMillion">The first rate, 0 to 1,000,000.</param>
    public ReloadablePerMillionSampler(int ratePerMillion)
    {
        this.Apply(ratePerMillion);
    }

    /// <summary>Gets the rate the sampler decides with, per million root spans.</summary>
    public int RatePerMillion => Volatile.Read(ref this.ratePerMillion);

    /// <summary>Sets the rate; decisions made from now on use it.</summary>
    /// <param name="ratePerMillion">The rate, 0 to 1,000,000.</param>
    public void SetRate(int ratePerMillion)
    {
        if (ratePerMillion != this.RatePerMillion)
        {
            this.Apply(ratePerMillion);
        }
    }

    /// <inheritdoc/>
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        => this.current.ShouldSample(samplingParameters);

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(current))]
    private void Apply(int ratePerMillion)
    {
        var sampler = CriSamplers.ParentBasedPerMillion(ratePerMillion);
        this.Description = sampler.Description;

        // The sampler first: an interceptor that sees the new rate must find a sampler that applies it.
        this.current = sampler;
        Volatile.Write(ref this.ratePerMillion, ratePerMillion);
    }
}
