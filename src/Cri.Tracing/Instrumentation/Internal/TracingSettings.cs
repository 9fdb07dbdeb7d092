using Cri.Tracing.Internal;
using Cri.Tracing.Propagation.Internal;
using Cri.Tracing.Sampling;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>A validated snapshot of <see cref="CriInstrumentationOptions"/>, taken when an interceptor is built.</summary>
internal sealed class TracingSettings
{
    private readonly ReloadablePerMillionSampler? sampler;

    public TracingSettings(CriInstrumentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.SamplingRatePerMillion = options.SamplingRatePerMillion;
        this.sampler = options.Sampler;
        this.Exclusion = new MethodExclusion(options.ExcludedMethods, options.ExcludeKubeletPolling);
        this.Conventions = options.SemanticConventions;
        this.RecordPayloads = options.RecordPayloads;
        this.MaxPayloadLength = options.MaxPayloadLength;
        this.MaxEventsPerSpan = options.MaxEventsPerSpan;
    }

    public int? SamplingRatePerMillion { get; }

    public MethodExclusion Exclusion { get; }

    public RpcSemanticConventions Conventions { get; }

    public bool RecordPayloads { get; }

    public int MaxPayloadLength { get; }

    public int MaxEventsPerSpan { get; }

    /// <summary>
    /// Whether calls may be traced at all: the CRI source has a listener and the host's sampler is not switched
    /// off. The first test of every call, so a disabled host costs what no listener does.
    /// </summary>
    public bool IsActive => CriActivitySource.Instance.HasListeners() && (this.sampler?.Enabled ?? true);

    /// <summary>
    /// Whether the configured <c>ParentBased(PerMillion)</c> sampler could sample a call with this
    /// parent: <see langword="false"/> means it surely drops it, so no Activity is needed. Without a
    /// configured rate every call goes to the SDK. A reloadable rate is read per call.
    /// </summary>
    public bool MayRecord(TraceParentState parent) => (this.sampler?.RatePerMillion ?? this.SamplingRatePerMillion) switch
    {
        null => true,
        { } rate => parent switch
        {
            TraceParentState.Sampled => true,
            TraceParentState.NotSampled => false,
            _ => rate > 0,
        },
    };
}
