using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.SampleRuntime;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Sampling;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.EndToEnd;

/// <summary>
/// Unary CRI calls over a Unix socket: the generated client on a <see cref="CriChannel"/> through
/// <see cref="CriClientTracingInterceptor"/> calling the sample runtime, hosted in this process as
/// it ships (Grpc.AspNetCore with the <see cref="CriServerTracingInterceptor"/> its
/// <c>AddCriTracing</c> adds) with no simulated latency. The call is PodSandboxStatus of a pod the setup ran, the status poll the
/// kubelet repeats for every pod, so both spans get the pod's CRI attributes. An operation is
/// one call; an invocation makes <see cref="CallsPerInvoke"/> of them, from
/// <see cref="Concurrency"/> callers each calling in turn. Allocations count every thread of the
/// process: client, server and exporter.
/// </summary>
[MemoryDiagnoser]
[OperationsPerSecond]
[Config(typeof(ProcessPerCallColumn.Config))]
[SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes them.")]
public class EndToEndBenchmarks
{
    private const int CallsPerInvoke = 64;
    private const int AlwaysSample = 1_000_000;

    // The counters start after these calls: the JIT's tiers, pools and the exporter's first batches settle first.
    private const int UncountedCalls = 20_000;

    private readonly LastSpanProcessor spans = new();
    private OtlpTraceReceiver? receiver;
    private TracerProvider? provider;
    private SampleRuntimeServer? runtime;
    private GrpcChannel? channel;
    private RuntimeService.RuntimeServiceClient? client;
    private PodSandboxStatusRequest request = new();
    private string benchmark = string.Empty;
    private ProcessCounters spent;
    private long callsMade;
    private long calls;

    /// <summary>Gets or sets how many callers call at once: one, or eight as the kubelet's pod workers can.</summary>
    [Params(1, 8)]
    public int Concurrency { get; set; }

    [GlobalSetup(Target = nameof(TracingOff))]
    public Task SetupTracingOff() => this.SetupAsync(EndToEndTracing.TracingOff);

    [GlobalSetup(Target = nameof(SampledNoOpExporter))]
    public Task SetupSampledNoOpExporter() => this.SetupAsync(EndToEndTracing.SampledNoOpExporter);

    [GlobalSetup(Target = nameof(SampledOtlpExporter))]
    public Task SetupSampledOtlpExporter() => this.SetupAsync(EndToEndTracing.SampledOtlpExporter);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (this.benchmark.Length > 0)
        {
            ProcessPerCallColumn.Record(this.benchmark, this.spent, this.calls);
        }

        this.channel?.Dispose();
        if (this.runtime is not null)
        {
            await this.runtime.DisposeAsync();
        }

        this.provider?.Dispose();
        if (this.receiver is not null)
        {
            await this.receiver.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke)]
    public Task TracingOff() => this.CallBatchAsync();

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public Task SampledNoOpExporter() => this.CallBatchAsync();

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public Task SampledOtlpExporter() => this.CallBatchAsync();

    private async Task SetupAsync(EndToEndTracing tracing)
    {
        if (tracing != EndToEndTracing.TracingOff)
        {
            var builder = Sdk.CreateTracerProviderBuilder()
                .AddCriInstrumentation()
                .SetSampler(CriSamplers.ParentBasedPerMillion(AlwaysSample));
            if (tracing == EndToEndTracing.SampledOtlpExporter)
            {
                this.receiver = await OtlpTraceReceiver.StartAsync();
                builder.AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = this.receiver.Endpoint;
                    otlp.Protocol = OtlpExportProtocol.Grpc;
                });
            }
            else
            {
                builder.AddProcessor(this.spans);
            }

            this.provider = builder.Build();
        }

        var socket = Path.Combine(Path.GetTempPath(), "cri-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".sock");
        var endpoint = CriEndpoint.Parse("unix://" + socket);
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SampleRuntime:LatencyScale"] = "0",

                // Production settings: warnings and errors only, nothing written per call.
                ["Logging:LogLevel:Default"] = "Warning",
            })
            .Build();

        // The runtime's own interceptor (AddCriTracing) records the SERVER span: every call carries the client's sampled parent.
        this.runtime = await SampleRuntimeHost.StartAsync(endpoint.Original, settings);

        this.channel = CriChannel.Create(endpoint);
        var invoker = this.channel.Intercept(new CriClientTracingInterceptor(new CriClientTracingOptions { Endpoint = endpoint, SamplingRatePerMillion = AlwaysSample }));
        this.client = new RuntimeService.RuntimeServiceClient(invoker);

        var pod = await this.client.RunPodSandboxAsync(RunPodSandboxCall.Request);
        this.request = new PodSandboxStatusRequest { PodSandboxId = pod.PodSandboxId };
        await this.VerifyAsync(tracing);
        this.benchmark = ProcessPerCallColumn.NameOf(tracing.ToString(), this.Concurrency);
    }

    /// <summary>Makes one call and throws unless it succeeded and its spans went where the scenario sends them.</summary>
    private async Task VerifyAsync(EndToEndTracing tracing)
    {
        var status = await this.client!.PodSandboxStatusAsync(this.request);
        if (status.Status?.Metadata?.Name != RunPodSandboxCall.PodName)
        {
            throw new InvalidOperationException($"PodSandboxStatus answered for '{status.Status?.Metadata?.Name}'.");
        }

        switch (tracing)
        {
            case EndToEndTracing.SampledNoOpExporter when this.spans.LastEnded?.GetTagItem("k8s.pod.name") as string != RunPodSandboxCall.PodName:
                throw new InvalidOperationException("The sampled call ended no span with the pod's attributes.");
            case EndToEndTracing.SampledOtlpExporter when !this.provider!.ForceFlush(10_000) || this.receiver!.Exports == 0:
                throw new InvalidOperationException("The OTLP exporter delivered nothing to the local receiver.");
        }
    }

    // The process's counters are read around each batch, so what the benchmark engine does between
    // iterations (its forced collections, its own loops) is not counted against the calls, and
    // only once the first calls have warmed the process up.
    private async Task CallBatchAsync()
    {
        var counted = this.callsMade >= UncountedCalls;
        var before = counted ? ProcessCounters.Read() : default;
        var callers = new Task[this.Concurrency];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = this.CallInTurnAsync(CallsPerInvoke / this.Concurrency);
        }

        await Task.WhenAll(callers);
        this.callsMade += CallsPerInvoke;
        if (counted)
        {
            this.spent += ProcessCounters.Read() - before;
            this.calls += CallsPerInvoke;
        }
    }

    private async Task CallInTurnAsync(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            await this.client!.PodSandboxStatusAsync(this.request);
        }
    }
}
