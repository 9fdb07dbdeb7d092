using System.Diagnostics;
using System.Numerics;
using Cri.Tracing.Sampling;
using FsCheck;
using FsCheck.Fluent;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Tests.Sampling;

public sealed class PerMillionSamplerTests
{
    [Theory]
    [InlineData(1, 9223372036854UL)]
    [InlineData(100, 922337203685477UL)]
    [InlineData(10000, 92233720368547760UL)]
    [InlineData(500000, 4611686018427387904UL)]
    [InlineData(999999, 9223362813482738688UL)]
    public void Upper_bound_is_the_float64_product_truncated_as_in_go(int rate, ulong expected)
        => Assert.Equal(expected, new PerMillionSampler(rate).UpperBound);

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(10000)]
    [InlineData(500000)]
    [InlineData(999999)]
    public void Decides_strictly_below_the_bound_on_the_shifted_low_half(int rate)
    {
        var sampler = new PerMillionSampler(rate);
        var bound = sampler.UpperBound;

        // x = low >> 1: 2(B-1) and 2B-1 give B-1 (sampled); 2B and 2B+1 give B (dropped).
        Assert.True(Decide(sampler, 2 * (bound - 1)));
        Assert.True(Decide(sampler, (2 * bound) - 1));
        Assert.False(Decide(sampler, 2 * bound));
        Assert.False(Decide(sampler, (2 * bound) + 1));
        Assert.False(Decide(sampler, 2 * (bound + 1)));
        Assert.True(Decide(sampler, 0));
        Assert.False(Decide(sampler, ulong.MaxValue));
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(2_000_000)]
    [InlineData(int.MaxValue)]
    public void A_million_or_more_samples_every_trace(int rate)
    {
        var sampler = new PerMillionSampler(rate);
        Assert.True(Decide(sampler, ulong.MaxValue));
        Assert.True(Decide(sampler, 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Zero_or_less_samples_nothing(int rate)
    {
        var sampler = new PerMillionSampler(rate);
        Assert.False(Decide(sampler, 0));
        Assert.False(Decide(sampler, 1));
    }

    [Fact]
    public void Reference_trace_id_at_one_half_is_dropped_as_in_go_though_dotnet_samples_it()
    {
        var traceId = ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c");
        var parameters = new SamplingParameters(default, traceId, "span", ActivityKind.Server);

        Assert.Equal(SamplingDecision.Drop, new PerMillionSampler(500000).ShouldSample(parameters).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, new TraceIdRatioBasedSampler(0.5).ShouldSample(parameters).Decision);
    }

    [Theory]
    [InlineData(1, "TraceIDRatioBased{1e-06}")]
    [InlineData(10, "TraceIDRatioBased{1e-05}")]
    [InlineData(15, "TraceIDRatioBased{1.5e-05}")]
    [InlineData(100, "TraceIDRatioBased{0.0001}")]
    [InlineData(123, "TraceIDRatioBased{0.000123}")]
    [InlineData(500000, "TraceIDRatioBased{0.5}")]
    [InlineData(999999, "TraceIDRatioBased{0.999999}")]
    [InlineData(1_000_000, "TraceIDRatioBased{1}")]
    [InlineData(5_000_000, "TraceIDRatioBased{1}")]
    [InlineData(0, "TraceIDRatioBased{0}")]
    [InlineData(-5, "TraceIDRatioBased{0}")]
    public void Description_formats_the_fraction_like_go(int rate, string expected)
        => Assert.Equal(expected, new PerMillionSampler(rate).Description);

    [Fact]
    public void Decision_matches_an_independent_big_integer_model()
        => Prop.ForAll(Ids(), Rates(), (id, rate) =>
        {
            var (high, low) = id;
            var fraction = rate / 1e6;
            var bound = new BigInteger(fraction * 9223372036854775808.0);
            var expected = rate >= 1_000_000 || (rate > 0 && new BigInteger(low) / 2 < bound);
            return Decide(new PerMillionSampler(rate), low, high) == expected;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Decision_is_monotone_in_the_rate()
        => Prop.ForAll(Ids(), Rates(), Rates(), (id, a, b) =>
        {
            var (low, high) = (Math.Min(a, b), Math.Max(a, b));
            return !Decide(new PerMillionSampler(low), id.Low, id.High) || Decide(new PerMillionSampler(high), id.Low, id.High);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Decision_depends_on_the_low_half_of_the_trace_id_only()
        => Prop.ForAll(Ids(), ArbMap.Default.ArbFor<ulong>(), Rates(), (id, otherHigh, rate) =>
        {
            var sampler = new PerMillionSampler(rate);
            var first = Decide(sampler, id.Low, id.High);
            return first == Decide(sampler, id.Low, id.High) && first == Decide(sampler, id.Low, otherHigh);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Vector_and_scalar_readings_of_the_trace_id_agree()
        => Prop.ForAll(Ids(), id =>
        {
            var hex = TraceIds.FromHalves(id.High, id.Low).ToHexString();
            return PerMillionSampler.ReadLowHalf(hex) == id.Low && PerMillionSampler.ReadLowHalfScalar(hex) == id.Low;
        }).QuickCheckThrowOnFailure();

    private static Arbitrary<(ulong High, ulong Low)> Ids()
        => ArbMap.Default.ArbFor<ulong>().Generator
            .Two()
            .Select(pair => (pair.Item1, pair.Item2))
            .ToArbitrary();

    private static Arbitrary<int> Rates()
        => Gen.Frequency(
            (6, Gen.Choose(0, 1_000_000)),
            (1, Gen.Elements(-1, 0, 1, 999_999, 1_000_000, 1_000_001)),
            (1, Gen.Choose(1, 1000)))
            .ToArbitrary();

    private static bool Decide(PerMillionSampler sampler, ulong low, ulong high = 0x0123456789abcdef)
    {
        var parameters = new SamplingParameters(default, TraceIds.FromHalves(high, low), "span", ActivityKind.Server);
        return sampler.ShouldSample(parameters).Decision == SamplingDecision.RecordAndSample;
    }
}
