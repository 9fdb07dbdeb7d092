using System.Diagnostics;
using Cri.Tracing.Sampling;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Tests.Sampling;

public sealed class CriSamplersTests
{
    private static readonly ActivityTraceId AnyTraceId = TraceIds.FromHalves(1, 0);
    private static readonly ActivitySpanId AnySpanId = ActivitySpanId.CreateFromString("00f067aa0ba902b7");

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    public void Remote_sampled_parent_is_followed_whatever_the_rate(int rate)
        => Assert.Equal(SamplingDecision.RecordAndSample, Decide(rate, Parent(ActivityTraceFlags.Recorded, remote: true)));

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    public void Remote_unsampled_parent_is_followed_whatever_the_rate(int rate)
        => Assert.Equal(SamplingDecision.Drop, Decide(rate, Parent(ActivityTraceFlags.None, remote: true)));

    [Theory]
    [InlineData(false, SamplingDecision.Drop)]
    [InlineData(true, SamplingDecision.RecordAndSample)]
    public void Local_parent_is_followed(bool sampled, SamplingDecision expected)
        => Assert.Equal(expected, Decide(1, Parent(sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, remote: false)));

    [Fact]
    public void Root_uses_the_rate()
    {
        // Low half 0 is below every positive bound.
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(1, default));
        Assert.Equal(SamplingDecision.Drop, Decide(0, default));
        Assert.Equal(SamplingDecision.Drop, Decide(-1, default));
    }

    [Fact]
    public void Rate_zero_uses_never_sample_as_root()
        => Assert.Contains("AlwaysOffSampler", CriSamplers.ParentBasedPerMillion(0).Description, StringComparison.Ordinal);

    [Fact]
    public void Positive_rate_uses_the_go_compatible_root()
        => Assert.Contains("TraceIDRatioBased{0.0001}", CriSamplers.ParentBasedPerMillion(100).Description, StringComparison.Ordinal);

    private static ActivityContext Parent(ActivityTraceFlags flags, bool remote) => new(AnyTraceId, AnySpanId, flags, isRemote: remote);

    private static SamplingDecision Decide(int rate, ActivityContext parent)
        => CriSamplers.ParentBasedPerMillion(rate).ShouldSample(new SamplingParameters(parent, AnyTraceId, "span", ActivityKind.Server)).Decision;
}
