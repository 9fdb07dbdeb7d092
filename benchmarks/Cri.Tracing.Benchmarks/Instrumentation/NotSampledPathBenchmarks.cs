using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Cri.Protos.V1;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Instrumentation.Internal;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// The work a call that is not sampled costs, apart from the pipeline around it: the same internal
/// steps <see cref="CriServerTracingInterceptor"/> and <see cref="CriClientTracingInterceptor"/>
/// take before they hand the call on (their shared per-options state, <c>ServerTracing.Decide</c>
/// and <c>ClientTracing.Begin</c>). The interception benchmarks measure these calls inside a
/// pipeline of microseconds, where run-to-run spread is larger than the work itself; here it
/// stands alone.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes them.")]
public class NotSampledPathBenchmarks
{
    private const string UnsampledParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

    private static readonly Method<RunPodSandboxRequest, RunPodSandboxResponse> RunPodSandbox = new(
        MethodType.Unary,
        RunPodSandboxCall.Method.ServiceName,
        RunPodSandboxCall.Method.Name,
        Marshallers.Create(message => message.ToByteArray(), RunPodSandboxRequest.Parser.ParseFrom),
        Marshallers.Create(message => message.ToByteArray(), RunPodSandboxResponse.Parser.ParseFrom));

    private readonly ServerCallContext serverCall = new BenchmarkServerCallContext(
        RunPodSandboxCall.Method.Path,
        [new("content-type", "application/grpc"), new("traceparent", UnsampledParent)]);

    private readonly ClientInterceptorContext<RunPodSandboxRequest, RunPodSandboxResponse> clientCall = new(RunPodSandbox, host: null, new CallOptions());
    private ServerTracing server = null!;
    private ClientTracing client = null!;
    private Activity? parent;

    [GlobalSetup(Targets = [nameof(ServerUnsampledParent), nameof(ClientRateZeroRoot)])]
    public void SetupWithoutParent()
    {
        this.server = new ServerTracing(new CriServerTracingOptions { SamplingRatePerMillion = 0, Endpoint = RunPodSandboxCall.Endpoint });
        this.client = new ClientTracing(new CriClientTracingOptions { SamplingRatePerMillion = 0, Endpoint = RunPodSandboxCall.Endpoint });
    }

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
        if (this.server.Decide(this.serverCall, out _) is not null)
        {
            throw new InvalidOperationException("An unsampled parent must drop the call.");
        }

        return true;
    }

    /// <summary>Find the method, resolve the caller's unsampled span as the parent, decide, send its context on.</summary>
    [Benchmark]
    public bool ClientUnsampledParent() => this.DropClientCall();

    /// <summary>Find the method, decide at rate 0, send a fresh unsampled <c>traceparent</c> as Go does.</summary>
    [Benchmark]
    public bool ClientRateZeroRoot() => this.DropClientCall();

    private bool DropClientCall()
    {
        var context = this.clientCall;
        if (this.client.Begin(ref context, RunPodSandboxCall.Request) is not null || context.Options.Headers?.GetValue("traceparent") is null)
        {
            throw new InvalidOperationException("The call must be dropped, its parent sent on: its parent is not sampled, or it is a root at rate 0.");
        }

        return true;
    }
}
