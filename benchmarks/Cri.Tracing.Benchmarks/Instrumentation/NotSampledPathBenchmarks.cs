using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Cri.Tracing.Benchmarks.Support;
using Microsoft.AspNetCore.Http;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// The work a call that is not sampled costs, apart from the pipeline around it: the same internal
/// steps <c>CriServerTracingMiddleware</c> and <c>CriClientTracingHandler</c> take before they hand
/// the call on. The interception benchmarks measure these calls inside a 2.5–4.5 µs pipeline, where
/// run-to-run spread is larger than the work itself; here it stands alone.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes them.")]
public class NotSampledPathBenchmarks
{
    private const string UnsampledParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

    private readonly TracingSettings settings = new(new CriInstrumentationOptions { SamplingRatePerMillion = 0 });
    private readonly IHeaderDictionary serverHeaders = new HeaderDictionary { ["content-type"] = "application/grpc", ["traceparent"] = UnsampledParent };
    private readonly HttpRequestMessage clientRequest = new(HttpMethod.Post, "http://localhost" + RunPodSandboxCall.Method.Path);
    private TracedMethodTable methods = null!;
    private Activity? parent;

    [GlobalSetup(Targets = [nameof(ServerUnsampledParent), nameof(ClientRateZeroRoot)])]
    public void SetupWithoutParent() => this.methods = new TracedMethodTable(this.settings, TracedMethod.BuildEndpointTags(RunPodSandboxCall.Endpoint.Host, RunPodSandboxCall.Endpoint.Port));

    [GlobalSetup(Target = nameof(ClientUnsampledParent))]
    public void SetupWithParent()
    {
        this.SetupWithoutParent();

        // The caller's own span, not sampled: the kubelet's pod sync when its sampler dropped it.
        this.parent = new Activity("SyncPod").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None).Start();
    }

    [GlobalCleanup]
    public void Cleanup() => this.parent?.Dispose();

    /// <summary>Validate the <c>traceparent</c>, find the method, decide, keep the incoming context for downstream calls.</summary>
    [Benchmark]
    public bool ServerUnsampledParent()
    {
        var state = TraceParentHeader.Read(this.serverHeaders.TraceParent, out var traceParent);
        var method = this.methods.Find(RunPodSandboxCall.Method.Path)!;
        if (method.IsExcluded || this.settings.MayRecord(state))
        {
            throw new InvalidOperationException("An unsampled parent must drop the call.");
        }

        IncomingTraceContext.Capture(this.serverHeaders, traceParent!);
        return true;
    }

    /// <summary>Find the method, resolve the caller's unsampled span as the parent, decide, send its context on.</summary>
    [Benchmark]
    public bool ClientUnsampledParent() => this.DropClientCall();

    /// <summary>Find the method, decide at rate 0, send a fresh unsampled <c>traceparent</c> as Go does.</summary>
    [Benchmark]
    public bool ClientRateZeroRoot()
    {
        this.DropClientCall();
        CriPropagation.SetValue(this.clientRequest.Headers, TraceParentHeader.Name, TraceParentHeader.CreateUnsampled());
        return true;
    }

    private bool DropClientCall()
    {
        var method = this.methods.Find(RunPodSandboxCall.Method.Path)!;
        var parent = ClientParent.Resolve();
        if (method.IsExcluded || this.settings.MayRecord(parent.State))
        {
            throw new InvalidOperationException("The call must be dropped: its parent is not sampled, or it is a root at rate 0.");
        }

        parent.Propagate(this.clientRequest.Headers);
        return true;
    }
}
