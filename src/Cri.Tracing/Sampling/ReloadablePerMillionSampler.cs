using Cri.Tracing.Instrumentation;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Sampling;

/// <summary>
/// The ecosystem's <c>ParentBased(PerMillion(rate))</c> sampler (<see cref="CriSamplers.ParentBasedPerMillion"/>)
/// with a rate that can change while the tracer provider runs, as a configuration reload needs: each decision reads
/// the current rate once. Give the same instance to the interceptors (<see cref="CriInstrumentationOptions.Sampler"/>)
/// so that what they decide before creating an Activity always matches it. Switched off
/// (<see cref="Enabled"/>), it drops every span, and the interceptors skip their calls before doing any work,
/// even while a tracer provider listens to the CRI source.
/// </summary>
public sealed class ReloadablePerMillionSampler : Sampler
{
    private static readonly SamplingResult Off = new(SamplingDecision.Drop);

    private volatile Sampler current;
    private volatile bool enabled = true;
    private int ratePerMillion;

    /// <summary>Initializes a new instance of the <see cref="ReloadablePerMillionSampler"/> class.</summary>
    /// <param name="ratePerMillion">The first rate, 0 to 1,000,000.</param>
    public ReloadablePerMillionSampler(int ratePerMillion)
    {
        this.Apply(ratePerMillion);
    }

    /// <summary>Gets the rate the sampler decides with, per million root spans.</summary>
    public int RatePerMillion => Volatile.Read(ref this.ratePerMillion);

    /// <summary>
    /// Gets or sets whether the sampler samples at all: switched off, it drops every span whatever its parent, as a
    /// runtime with tracing disabled records nothing. Default: <see langword="true"/>.
    /// </summary>
    public bool Enabled
    {
        get => this.enabled;
        set => this.enabled = value;
    }

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
        => this.enabled ? this.current.ShouldSample(samplingParameters) : Off;

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
