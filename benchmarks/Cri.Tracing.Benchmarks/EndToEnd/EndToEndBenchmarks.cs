using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.SampleRuntime;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Instrumentation;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.EndToEnd;

/// <summary>
/// Unary CRI calls over a Unix socket: the generated client on a <see cref="CriChannel"/> through
/// <see cref="CriClientTracingInterceptor"/> calling the sample runtime, hosted in this process as
/// it ships (Grpc.AspNetCore with the <see cref="CriServerTracingInterceptor"/> its
/// <c>AddCriTracing</c> adds) with no simulated latency. Tracing is the runtime's own, turned on by
/// its settings as an operator would: its one tracer provider records the SERVER span and, the
/// client being in the same process, the CLIENT span. The call is PodSandboxStatus of a pod the setup ran, the status poll the
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

    private OtlpTraceReceiver? receiver;
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
    public Task CleanupAsync()
    {
        if (this.benchmark.Length > 0)
        {
            ProcessPerCallColumn.Record(this.benchmark, this.spent, this.calls);
        }

        return this.StopAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke)]
    public Task TracingOff() => this.CallBatchAsync();

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public Task SampledNoOpExporter() => this.CallBatchAsync();

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public Task SampledOtlpExporter() => this.CallBatchAsync();

    /// <summary>
    /// Starts the runtime with the tracing given (and the receiver its OTLP exporter sends to),
    /// connects the client, runs the pod whose status the calls ask for, and checks one call's
    /// spans went where <paramref name="tracing"/> sends them.
    /// </summary>
    internal async Task StartAsync(EndToEndTracing tracing)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SampleRuntime:LatencyScale"] = "0",

            // Production settings: warnings and errors only, nothing written per call.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (tracing != EndToEndTracing.TracingOff)
        {
            settings["CriTracing:Enabled"] = "true";
            settings["CriTracing:SamplingRatePerMillion"] = AlwaysSample.ToString(CultureInfo.InvariantCulture);
            if (tracing == EndToEndTracing.SampledOtlpExporter)
            {
                this.receiver = await OtlpTraceReceiver.StartAsync();
                settings["CriTracing:Endpoint"] = $"{this.receiver.Endpoint.Host}:{this.receiver.Endpoint.Port}";
            }
            else
            {
                settings["CriTracingHosting:ExportToCollector"] = "false";
            }
        }

        var socket = Path.Combine(Path.GetTempPath(), "cri-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".sock");
        var endpoint = CriEndpoint.Parse("unix://" + socket);
        this.runtime = await SampleRuntimeHost.StartAsync(endpoint.Original, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        this.channel = CriChannel.Create(endpoint);
        var invoker = this.channel.Intercept(new CriClientTracingInterceptor(new CriClientTracingOptions { Endpoint = endpoint, SamplingRatePerMillion = AlwaysSample }));
        this.client = new RuntimeService.RuntimeServiceClient(invoker);

        var pod = await this.client.RunPodSandboxAsync(RunPodSandboxCall.Request);
        this.request = new PodSandboxStatusRequest { PodSandboxId = pod.PodSandboxId };
        await this.VerifyAsync(tracing);
    }

    /// <summary>Makes about <paramref name="calls"/> calls, from <see cref="Concurrency"/> callers each calling in turn.</summary>
    /// <returns>How many calls were made: the whole number per caller times the callers.</returns>
    internal async Task<int> CallAsync(int calls)
    {
        var callers = new Task[this.Concurrency];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = this.CallInTurnAsync(calls / this.Concurrency);
        }

        await Task.WhenAll(callers);
        return calls / this.Concurrency * this.Concurrency;
    }

    /// <summary>Exports every span the runtime's tracer provider holds, when it has one; with OTLP, that is the receiver's round trips.</summary>
    internal void Flush() => this.runtime!.Services.GetService<TracerProvider>()?.ForceFlush(10_000);

    /// <summary>Closes the client, stops the runtime (its tracer provider with it) and the receiver.</summary>
    internal async Task StopAsync()
    {
        this.channel?.Dispose();
        if (this.runtime is not null)
        {
            await this.runtime.DisposeAsync();
        }

        if (this.receiver is not null)
        {
            await this.receiver.DisposeAsync();
        }
    }

    private async Task SetupAsync(EndToEndTracing tracing)
    {
        await this.StartAsync(tracing);
        this.benchmark = ProcessPerCallColumn.NameOf(tracing.ToString(), this.Concurrency);
    }

    /// <summary>Makes one call and throws unless it succeeded and its spans went where the scenario sends them.</summary>
    private async Task VerifyAsync(EndToEndTracing tracing)
    {
        // Only while verifying: a listener that asks for nothing sees the spans the runtime's provider records.
        var recorded = new List<Activity>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CriTracing.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                lock (recorded)
                {
                    recorded.Add(activity);
                }
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            var status = await this.client!.PodSandboxStatusAsync(this.request);
            if (status.Status?.Metadata?.Name != RunPodSandboxCall.PodName)
            {
                throw new InvalidOperationException($"PodSandboxStatus answered for '{status.Status?.Metadata?.Name}'.");
            }
        }

        var spans = recorded.Where(activity => activity.Recorded && activity.GetTagItem("k8s.pod.name") as string == RunPodSandboxCall.PodName).ToList();
        var traced = spans.Any(span => span.Kind == ActivityKind.Client) && spans.Any(span => span.Kind == ActivityKind.Server);
        if (traced != (tracing != EndToEndTracing.TracingOff))
        {
            throw new InvalidOperationException($"The call recorded {spans.Count} span(s) with the pod's attributes ({string.Join(", ", spans.Select(span => span.Kind))}); {tracing} expects {(traced ? "none" : "a CLIENT and a SERVER span")}.");
        }

        if (tracing == EndToEndTracing.SampledOtlpExporter
            && (!this.runtime!.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000) || this.receiver!.Exports == 0))
        {
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
        await this.CallAsync(CallsPerInvoke);
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
