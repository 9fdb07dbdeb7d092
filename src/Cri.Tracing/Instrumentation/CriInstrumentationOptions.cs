using Cri.Tracing.Logging.Internal;
using Cri.Tracing.Sampling;

namespace Cri.Tracing.Instrumentation;

/// <summary>
/// Options shared by the CRI server middleware and the client handler. The interceptors take a
/// snapshot when they are created; later changes have no effect on them.
/// </summary>
public class CriInstrumentationOptions
{
    /// <summary>The environment variable that selects the RPC conventions by default.</summary>
    public const string SemanticConventionsEnvironmentVariable = "OTEL_SEMCONV_STABILITY_OPT_IN";

    private int maxPayloadLength = 4096;
    private int maxEventsPerSpan = SpanEventBudget.DefaultLimit;
    private IList<string> excludedMethods = ["grpc.health.v1.Health/*"];

    /// <summary>
    /// Gets or sets the rate of the <see cref="CriSamplers.ParentBasedPerMillion(int)"/> sampler the
    /// tracer provider uses, or <see langword="null"/> (the default) when it uses another sampler.
    /// </summary>
    /// <remarks>
    /// When set, the interceptors apply that sampler's decision themselves before creating an
    /// <see cref="System.Diagnostics.Activity"/>: a call with an unsampled parent, or a root call at
    /// a rate of 0, then allocates no Activity at all, yet its parent still reaches downstream calls.
    /// (The SDK alone creates a propagation-only Activity for such calls.) Roots at a rate between 0
    /// and one million are still left to the SDK, whose sampler needs the trace id it generates. The
    /// interceptors only ever skip calls the sampler would drop: with a mismatched rate, calls the
    /// provider would sample may go unrecorded. Leave it <see langword="null"/> with any other
    /// sampler: every decision then stays with the SDK.
    /// </remarks>
    public int? SamplingRatePerMillion { get; set; }

    /// <summary>
    /// Gets or sets the tracer provider's sampler when its rate can change while the interceptors run
    /// (Cri.Tracing.Hosting's reload): its current rate is read per call and wins over
    /// <see cref="SamplingRatePerMillion"/>. Default: <see langword="null"/>.
    /// </summary>
    public ReloadablePerMillionSampler? Sampler { get; set; }

    /// <summary>
    /// Gets or sets the methods that get no span: full names (<c>runtime.v1.RuntimeService/Status</c>)
    /// or whole services (<c>grpc.health.v1.Health/*</c>), with or without a leading slash. Default:
    /// the gRPC health service. An excluded call costs what an untraced one does, but still passes
    /// its incoming parent on to the calls it makes.
    /// </summary>
    public IList<string> ExcludedMethods
    {
        get => this.excludedMethods;
        set => this.excludedMethods = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Gets or sets whether to exclude the calls the kubelet makes every few seconds whatever
    /// happens (<c>Version</c>, <c>Status</c>, <c>ListPodSandbox</c>, <c>ListContainers</c>,
    /// <c>ListImages</c>, <c>ImageFsInfo</c> and the stats and metrics calls), which otherwise
    /// dominate the traces of an idle node. Default: <see langword="false"/>, as in CRI-O.
    /// </summary>
    public bool ExcludeKubeletPolling { get; set; }

    /// <summary>
    /// Gets or sets the RPC attribute names to emit. Default: read from
    /// <c>OTEL_SEMCONV_STABILITY_OPT_IN</c> (<c>rpc/dup</c> gives <see cref="RpcSemanticConventions.Both"/>,
    /// <c>rpc/old</c> gives <see cref="RpcSemanticConventions.Old"/>, anything else
    /// <see cref="RpcSemanticConventions.Current"/>).
    /// </summary>
    public RpcSemanticConventions SemanticConventions { get; set; } = ReadSemanticConventions(Environment.GetEnvironmentVariable(SemanticConventionsEnvironmentVariable));

    /// <summary>
    /// Gets or sets whether to record each request and response message as a span event, as CRI-O
    /// does at debug level: an event <c>log</c> with <c>log.severity=DEBUG</c> and
    /// <c>log.message</c> <c>Request: {json}</c>, <c>Response: {json}</c> or <c>Response error: ...</c>.
    /// Registry credentials (the <c>AuthConfig</c> fields, including <c>username</c>) are always
    /// redacted. Default: <see langword="false"/>: payloads can be large and sensitive.
    /// </summary>
    public bool RecordPayloads { get; set; }

    /// <summary>
    /// Gets or sets the longest payload text recorded, in characters; a longer payload is cut and
    /// marked as truncated, and the cut happens while formatting, so a huge list costs no more
    /// than this. Default: 4096. Minimum: 64.
    /// </summary>
    public int MaxPayloadLength
    {
        get => this.maxPayloadLength;
        set => this.maxPayloadLength = value >= 64 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxPayloadLength must be at least 64.");
    }

    /// <summary>
    /// Gets or sets the most events (payloads and bridged logs) one CRI span keeps; the rest are
    /// dropped and counted in the span's <c>cri.dropped_events</c> attribute. Default: 128,
    /// OpenTelemetry's default span event limit. Minimum: 0.
    /// </summary>
    public int MaxEventsPerSpan
    {
        get => this.maxEventsPerSpan;
        set => this.maxEventsPerSpan = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxEventsPerSpan cannot be negative.");
    }

    /// <summary>Reads an <c>OTEL_SEMCONV_STABILITY_OPT_IN</c> value.</summary>
    /// <param name="optIn">The comma-separated value, or <see langword="null"/>.</param>
    /// <returns>The conventions it selects.</returns>
    internal static RpcSemanticConventions ReadSemanticConventions(string? optIn)
    {
        if (string.IsNullOrWhiteSpace(optIn))
        {
            return RpcSemanticConventions.Current;
        }

        var result = RpcSemanticConventions.Current;
        foreach (var entry in optIn.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Equals("rpc/dup", StringComparison.OrdinalIgnoreCase))
            {
                // dup wins over everything else, as the migration scheme says.
                return RpcSemanticConventions.Both;
            }

            if (entry.Equals("rpc/old", StringComparison.OrdinalIgnoreCase))
            {
                result = RpcSemanticConventions.Old;
            }
        }

        return result;
    }
}
