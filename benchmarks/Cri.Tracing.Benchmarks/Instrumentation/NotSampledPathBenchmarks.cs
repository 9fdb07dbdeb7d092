using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Cri.Protos.V1;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Sampling;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// What a call that is not sampled costs the interceptors, apart from the pipeline around them:
/// <see cref="CriServerTracingInterceptor"/> and <see cref="CriClientTracingInterceptor"/> called
/// directly, with tracing on (a provider listening, rate 0, parent-based) and a continuation that
/// hands back a call made in advance. The interception benchmarks measure the same calls inside
/// a pipeline of microseconds, where run-to-run spread is larger than this work; here it stands
/// alone. The server's call context holds its headers already: the copy grpc-dotnet makes of them
/// on first use is the pipeline's, and is counted there.
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

    private static readonly Task<RunPodSandboxResponse> Response = Task.FromResult(RunPodSandboxCall.Response);

    private readonly ClientInterceptorContext<RunPodSandboxRequest, RunPodSandboxResponse> clientContext = new(RunPodSandbox, host: null, new CallOptions());
    private readonly AsyncUnaryCall<RunPodSandboxResponse> clientCall = new(Response, Task.FromResult(new Metadata()), () => Grpc.Core.Status.DefaultSuccess, () => [], () => { });
    private ServerCallContext serverContext = null!;
    private CriServerTracingInterceptor server = null!;
    private CriClientTracingInterceptor client = null!;
    private UnaryServerMethod<RunPodSandboxRequest, RunPodSandboxResponse> handler = null!;
    private Interceptor.AsyncUnaryCallContinuation<RunPodSandboxRequest, RunPodSandboxResponse> transport = null!;
    private TracerProvider? provider;
    private Activity? parent;
    private Metadata? sentHeaders;
    private bool handled;

    [GlobalSetup(Targets = [nameof(ServerRateZeroRoot), nameof(ClientRateZeroRoot)])]
    public void SetupWithoutParent() => this.Setup([]);

    [GlobalSetup(Target = nameof(ServerUnsampledParent))]
    public void SetupServerWithParent() => this.Setup([new("content-type", "application/grpc"), new("traceparent", UnsampledParent)]);

    [GlobalSetup(Target = nameof(ClientUnsampledParent))]
    public void SetupClientWithParent()
    {
        this.Setup([]);

        // The caller's own span, not sampled: the kubelet's pod sync when its sampler dropped it.
        this.parent = new Activity("SyncPod").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None).Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        this.parent?.Dispose();
        this.provider?.Dispose();
    }

    /// <summary>No <c>traceparent</c>: find the method, decide at rate 0, hand the call on.</summary>
    [Benchmark]
    public bool ServerRateZeroRoot() => this.DropServerCall();

    /// <summary>Validate the <c>traceparent</c>, find the method, decide, keep the incoming context for downstream calls.</summary>
    [Benchmark]
    public bool ServerUnsampledParent() => this.DropServerCall();

    /// <summary>Find the method, resolve the caller's unsampled span as the parent, decide, send its context on, start the call below with no Activity current.</summary>
    [Benchmark]
    public bool ClientUnsampledParent() => this.DropClientCall();

    /// <summary>Find the method, decide at rate 0, send a fresh unsampled <c>traceparent</c> as Go does.</summary>
    [Benchmark]
    public bool ClientRateZeroRoot() => this.DropClientCall();

    private void Setup(Metadata requestHeaders)
    {
        this.provider = Sdk.CreateTracerProviderBuilder()
            .AddCriInstrumentation()
            .SetSampler(CriSamplers.ParentBasedPerMillion(0))
            .Build();
        this.serverContext = new BenchmarkServerCallContext(RunPodSandboxCall.Method.Path, requestHeaders);
        this.server = new CriServerTracingInterceptor(new CriServerTracingOptions { SamplingRatePerMillion = 0, Endpoint = RunPodSandboxCall.Endpoint });
        this.client = new CriClientTracingInterceptor(new CriClientTracingOptions { SamplingRatePerMillion = 0, Endpoint = RunPodSandboxCall.Endpoint });
        this.handler = (request, context) =>
        {
            this.handled = Activity.Current?.Source.Name != CriTracing.ActivitySourceName;
            return Response;
        };
        this.transport = (request, context) =>
        {
            this.sentHeaders = context.Options.Headers;
            return this.clientCall;
        };
    }

    private bool DropServerCall()
    {
        this.handled = false;
        if (this.server.UnaryServerHandler(RunPodSandboxCall.Request, this.serverContext, this.handler) != Response || !this.handled)
        {
            throw new InvalidOperationException("The call must reach the handler untraced.");
        }

        return true;
    }

    private bool DropClientCall()
    {
        this.sentHeaders = null;
        if (this.client.AsyncUnaryCall(RunPodSandboxCall.Request, this.clientContext, this.transport) != this.clientCall || this.sentHeaders is not [{ Key: "traceparent" }])
        {
            throw new InvalidOperationException("The call must be handed on untraced with its parent: its parent is not sampled, or it is a root at rate 0.");
        }

        return true;
    }
}
