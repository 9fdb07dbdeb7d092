using System.Diagnostics;
using Cri.Tracing.Configuration;
using Cri.Tracing.Sampling;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Hosting.Tests.Sampling;

public sealed class ReloadableSamplerTests
{
    // Bytes 8..15 read 0x8448eb211c80319c >> 1, about 0.52 of 2^63: kept at 600000 per million, dropped at 500000.
    private static readonly ActivityTraceId TraceId = ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c");

    [Fact]
    public void A_new_rate_decides_the_next_root_and_describes_the_sampler()
    {
        var sampler = new ReloadablePerMillionSampler(500_000);
        Assert.Equal(SamplingDecision.Drop, Root(sampler));

        sampler.SetRate(600_000);

        Assert.Equal(SamplingDecision.RecordAndSample, Root(sampler));
        Assert.Equal(600_000, sampler.RatePerMillion);
        Assert.Equal(CriSamplers.ParentBasedPerMillion(600_000).Description, sampler.Description);
    }

    [Theory]
    [InlineData(ActivityTraceFlags.Recorded, 0, SamplingDecision.RecordAndSample)]
    [InlineData(ActivityTraceFlags.None, CriTracingOptions.MaxSamplingRatePerMillion, SamplingDecision.Drop)]
    public void A_remote_parent_decides_whatever_the_rate(ActivityTraceFlags flags, int rate, SamplingDecision expected)
    {
        var sampler = new ReloadablePerMillionSampler(rate);
        var parent = new ActivityContext(TraceId, ActivitySpanId.CreateRandom(), flags, isRemote: true);

        Assert.Equal(expected, sampler.ShouldSample(new SamplingParameters(parent, TraceId, "call", ActivityKind.Server)).Decision);
    }

    [Fact]
    public void Switched_off_it_drops_every_span_even_under_a_sampled_parent_and_back_on_it_samples_again()
    {
        var sampler = new ReloadablePerMillionSampler(CriTracingOptions.MaxSamplingRatePerMillion) { Enabled = false };
        var parent = new ActivityContext(TraceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        Assert.Equal(SamplingDecision.Drop, Root(sampler));
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(new SamplingParameters(parent, TraceId, "call", ActivityKind.Server)).Decision);

        sampler.Enabled = true;
        Assert.Equal(SamplingDecision.RecordAndSample, Root(sampler));
    }

    private static SamplingDecision Root(Sampler sampler)
        => sampler.ShouldSample(new SamplingParameters(default, TraceId, "call", ActivityKind.Server)).Decision;
}
