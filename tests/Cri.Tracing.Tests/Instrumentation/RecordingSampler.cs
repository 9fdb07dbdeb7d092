using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>Samples everything, keeping the creation attributes of every span of one kind it is asked about.</summary>
internal sealed class RecordingSampler(ActivityKind kind) : Sampler
{
    public List<Dictionary<string, object?>> Seen { get; } = [];

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Kind == kind)
        {
            this.Seen.Add(samplingParameters.Tags!.ToDictionary(t => t.Key, t => t.Value));
        }

        return new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
