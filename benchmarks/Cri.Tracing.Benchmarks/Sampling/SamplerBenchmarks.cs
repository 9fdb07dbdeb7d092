using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Cri.Tracing.Sampling;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.Sampling;

/// <summary>
/// The root decision of <see cref="PerMillionSampler"/> (Go's <c>TraceIDRatioBased</c>) against
/// OpenTelemetry .NET's <see cref="TraceIdRatioBasedSampler"/>, alone and inside
/// <see cref="ParentBasedSampler"/> as the ecosystem uses them, at one half so that both
/// decisions occur. Each operation decides one of 256 fixed trace ids in turn.
/// </summary>
[MemoryDiagnoser]
public class SamplerBenchmarks
{
    private const int TraceIds = 256;
    private const int HalfPerMillion = 500_000;

    private readonly Sampler perMillion = new PerMillionSampler(HalfPerMillion);
    private readonly Sampler traceIdRatio = new TraceIdRatioBasedSampler(HalfPerMillion / 1e6);
    private readonly Sampler parentBasedPerMillion = new ParentBasedSampler(new PerMillionSampler(HalfPerMillion));
    private readonly Sampler parentBasedTraceIdRatio = new ParentBasedSampler(new TraceIdRatioBasedSampler(HalfPerMillion / 1e6));
    private readonly SamplingParameters[] roots = CreateRoots();

    [Benchmark(Baseline = true, OperationsPerInvoke = TraceIds)]
    public int TraceIdRatioBased() => this.CountSampled(this.traceIdRatio);

    [Benchmark(OperationsPerInvoke = TraceIds)]
    public int PerMillion() => this.CountSampled(this.perMillion);

    [Benchmark(OperationsPerInvoke = TraceIds)]
    public int ParentBasedTraceIdRatioBased() => this.CountSampled(this.parentBasedTraceIdRatio);

    [Benchmark(OperationsPerInvoke = TraceIds)]
    public int ParentBasedPerMillion() => this.CountSampled(this.parentBasedPerMillion);

    /// <summary>Root calls (no parent) of a CRI server span, with trace ids from a fixed seed: the same for every sampler and run.</summary>
    private static SamplingParameters[] CreateRoots()
    {
        var random = new Random(20251121);
        var bytes = new byte[16];
        var roots = new SamplingParameters[TraceIds];
        for (var i = 0; i < roots.Length; i++)
        {
            random.NextBytes(bytes);
            roots[i] = new SamplingParameters(default, ActivityTraceId.CreateFromBytes(bytes), "runtime.v1.RuntimeService/RunPodSandbox", ActivityKind.Server);
        }

        return roots;
    }

    private int CountSampled(Sampler sampler)
    {
        // The count is returned so the decisions cannot be optimized away.
        var sampled = 0;
        foreach (ref readonly var parameters in this.roots.AsSpan())
        {
            if (sampler.ShouldSample(parameters).Decision == SamplingDecision.RecordAndSample)
            {
                sampled++;
            }
        }

        return sampled;
    }
}
