using System.Diagnostics;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Sampling;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// The tracing side of one interception benchmark, shared by the server and client classes: the
/// tracer provider (none for the baseline, an application's with the host's sampler switched off
/// when tracing is disabled), the options the interceptor is built with, the logging, the call's parent, and the check
/// that a call was traced as the scenario says.
/// </summary>
internal sealed class InterceptionTracing : IDisposable
{
    private const int AlwaysSample = 1_000_000;
    private const string AppSourceName = "Cri.Tracing.Benchmarks.App";

    // The W3C example ids: any fixed pair gives the same cost, and a fixed one makes a failed check readable.
    private static readonly ActivityTraceId ParentTraceId = ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736");
    private static readonly ActivitySpanId ParentSpanId = ActivitySpanId.CreateFromString("00f067aa0ba902b7");

    private readonly Func<LastSpanProcessor, TracerProvider>? createProvider;
    private readonly int ratePerMillion;
    private readonly ReloadablePerMillionSampler? switchedOff;
    private TracerProvider? provider;
    private LastSpanProcessor? spans;

    /// <param name="scenario">What is measured.</param>
    /// <param name="withParent">Whether the call has a parent.</param>
    /// <param name="addContribInstrumentation">Adds OpenTelemetry's own instrumentation of the side, for <see cref="InterceptionScenario.ContribInstrumentation"/>.</param>
    public InterceptionTracing(InterceptionScenario scenario, bool withParent, Action<TracerProviderBuilder> addContribInstrumentation)
    {
        this.Scenario = scenario;

        // NotSampled without a parent is a root at rate 0. With a parent the rate is 1,000,000, so
        // the drop comes from the parent's flag alone, as the parent-based sampler decides it.
        this.ratePerMillion = scenario == InterceptionScenario.NotSampled && !withParent ? 0 : AlwaysSample;
        if (withParent)
        {
            var flags = scenario == InterceptionScenario.NotSampled ? ActivityTraceFlags.None : ActivityTraceFlags.Recorded;
            this.Parent = new ActivityContext(ParentTraceId, ParentSpanId, flags, isRemote: true);
        }

        if (scenario == InterceptionScenario.TracingDisabled)
        {
            this.switchedOff = new ReloadablePerMillionSampler(AlwaysSample) { Enabled = false };
        }
        else if (scenario is not (InterceptionScenario.NotSampled or InterceptionScenario.Sampled or InterceptionScenario.SampledWithLogs or InterceptionScenario.ContribInstrumentation))
        {
            return;
        }

        this.createProvider = processor =>
        {
            var builder = Sdk.CreateTracerProviderBuilder();
            if (scenario == InterceptionScenario.ContribInstrumentation)
            {
                addContribInstrumentation(builder);
            }
            else
            {
                builder.AddCriInstrumentation().AddSource(AppSourceName);
            }

            return builder.SetSampler(this.switchedOff ?? CriSamplers.ParentBasedPerMillion(this.ratePerMillion)).AddProcessor(processor).Build();
        };
        this.Resume();
    }

    public InterceptionScenario Scenario { get; }

    /// <summary>Gets whether the instrumentation's interceptor is in the pipeline.</summary>
    public bool IsIntercepted => this.Scenario is not (InterceptionScenario.NoInstrumentation or InterceptionScenario.PassThroughInterceptor or InterceptionScenario.ContribInstrumentation);

    /// <summary>Gets the parent of the call (sampled unless the scenario is NotSampled), or <see langword="null"/> for a root.</summary>
    public ActivityContext? Parent { get; }

    /// <summary>
    /// Creates the interceptor's options: the sampler's rate, so dropped calls are decided before any Activity exists,
    /// and the switched-off host sampler when there is one.
    /// </summary>
    public TOptions CreateOptions<TOptions>()
        where TOptions : CriInstrumentationOptions, new()
        => new() { SamplingRatePerMillion = this.ratePerMillion, Sampler = this.switchedOff, SemanticConventions = RpcSemanticConventions.Current };

    /// <summary>
    /// Leaves logging with no provider, or with only the log bridge in
    /// <see cref="InterceptionScenario.SampledWithLogs"/>; ASP.NET Core's own Information logs
    /// (routing's "Executing endpoint") are filtered out, as production settings do, so the
    /// call's three logs are the only ones.
    /// </summary>
    public void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddFilter("Microsoft", LogLevel.Warning);
        if (this.Scenario == InterceptionScenario.SampledWithLogs)
        {
            logging.AddCriTracingLogBridge();
        }
    }

    /// <summary>Checks, after one call, that it was traced as the scenario says: a benchmark of the wrong thing fails instead of reporting.</summary>
    public void VerifyCallTraced()
    {
        var span = this.spans?.LastEnded;
        if (this.Scenario == InterceptionScenario.ContribInstrumentation)
        {
            // Both contrib packages write the RPC conventions' newer attribute name.
            if (span?.GetTagItem("rpc.system.name") as string != "grpc")
            {
                throw new InvalidOperationException($"{this.Scenario}: the call recorded no gRPC span (last: '{span?.DisplayName}' {string.Join(' ', span?.TagObjects.Select(t => $"{t.Key}={t.Value}") ?? [])}).");
            }

            return;
        }

        if (this.Scenario is not (InterceptionScenario.Sampled or InterceptionScenario.SampledWithLogs))
        {
            if (span is not null)
            {
                throw new InvalidOperationException($"{this.Scenario}: the call recorded span '{span.DisplayName}'.");
            }

            return;
        }

        if (span is null)
        {
            throw new InvalidOperationException($"{this.Scenario}: the call recorded no span.");
        }

        if (span.GetTagItem("k8s.pod.name") as string != RunPodSandboxCall.PodName || span.GetTagItem("cri.pod_sandbox.id") as string != RunPodSandboxCall.PodSandboxId)
        {
            throw new InvalidOperationException($"{this.Scenario}: span '{span.DisplayName}' lacks the CRI attributes of the request and response.");
        }

        if (this.Parent is { } parent && span.TraceId != parent.TraceId)
        {
            throw new InvalidOperationException($"{this.Scenario}: span '{span.DisplayName}' is not in the parent's trace.");
        }

        var expectedLogs = this.Scenario == InterceptionScenario.SampledWithLogs ? InCallLog.LogsPerCall : 0;
        var logs = span.Events.Count(e => e.Name == "log");
        if (logs != expectedLogs)
        {
            throw new InvalidOperationException($"{this.Scenario}: span '{span.DisplayName}' has {logs} log events, not {expectedLogs}.");
        }
    }

    /// <summary>
    /// Takes the scenario's tracer provider out of the process, so that another scenario's can be
    /// timed in it alone (<see cref="InterleavedInterception"/>): two providers listening to one
    /// source would both sample and process every span.
    /// </summary>
    public void Suspend()
    {
        this.provider?.Dispose();
        this.provider = null;
        this.spans = null;
    }

    /// <summary>
    /// Puts a new tracer provider of the scenario in the process, with a new sampler but for the
    /// switched-off one the interceptor's options share: a provider shuts its sampler down when it
    /// is disposed, and OpenTelemetry's own samplers then drop every span.
    /// </summary>
    public void Resume()
    {
        if (this.createProvider is not null && this.provider is null)
        {
            this.spans = new LastSpanProcessor();
            this.provider = this.createProvider(this.spans);
        }
    }

    public void Dispose() => this.Suspend();
}
