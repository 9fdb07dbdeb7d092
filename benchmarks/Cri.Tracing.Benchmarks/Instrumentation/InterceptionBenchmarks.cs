using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// The interception benchmarks of one side (server or client): the same call, timed with the
/// interceptor absent (the baseline), with an interceptor that only calls on (what grpc-dotnet
/// costs for any), idle, dropping the call and recording it, and recorded by OpenTelemetry's own
/// instrumentation of that side instead. Every benchmark
/// has the same body; only its setup differs, and each setup first checks with one call that the
/// scenario traces as it claims.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes them.")]
public abstract class InterceptionBenchmarks
{
    private InterceptionTracing? tracing;
    private IInterceptedCall? call;

    /// <summary>
    /// Gets or sets whether the call has a parent (a <c>traceparent</c> header on the server, the
    /// caller's current span on the client): not sampled for NotSampled, sampled otherwise. The
    /// baselines carry it too, so each comparison is between identical calls.
    /// </summary>
    [ParamsAllValues]
    public bool WithParent { get; set; }

    [GlobalSetup(Target = nameof(NoInstrumentation))]
    public Task SetupNoInstrumentation() => this.SetupAsync(InterceptionScenario.NoInstrumentation);

    [GlobalSetup(Target = nameof(PassThroughInterceptor))]
    public Task SetupPassThroughInterceptor() => this.SetupAsync(InterceptionScenario.PassThroughInterceptor);

    [GlobalSetup(Target = nameof(TracingDisabled))]
    public Task SetupTracingDisabled() => this.SetupAsync(InterceptionScenario.TracingDisabled);

    [GlobalSetup(Target = nameof(NotSampled))]
    public Task SetupNotSampled() => this.SetupAsync(InterceptionScenario.NotSampled);

    [GlobalSetup(Target = nameof(Sampled))]
    public Task SetupSampled() => this.SetupAsync(InterceptionScenario.Sampled);

    [GlobalSetup(Target = nameof(ContribInstrumentation))]
    public Task SetupContribInstrumentation() => this.SetupAsync(InterceptionScenario.ContribInstrumentation);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (this.call is not null)
        {
            await this.call.DisposeAsync();
        }

        this.tracing?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task NoInstrumentation() => this.CallAsync();

    [Benchmark]
    public Task PassThroughInterceptor() => this.CallAsync();

    [Benchmark]
    public Task TracingDisabled() => this.CallAsync();

    [Benchmark]
    public Task NotSampled() => this.CallAsync();

    [Benchmark]
    public Task Sampled() => this.CallAsync();

    [Benchmark]
    public Task ContribInstrumentation() => this.CallAsync();

    /// <summary>Makes the call the setup prepared: every benchmark's body, and <see cref="InterleavedInterception"/>'s.</summary>
    internal Task CallAsync() => this.call!.CallAsync();

    /// <inheritdoc cref="IInterceptedCall.VerifyAsync"/>
    internal Task VerifyAsync() => this.call!.VerifyAsync();

    /// <inheritdoc cref="InterceptionTracing.Suspend"/>
    internal void Suspend() => this.tracing!.Suspend();

    /// <inheritdoc cref="InterceptionTracing.Resume"/>
    internal void Resume() => this.tracing!.Resume();

    private protected abstract IInterceptedCall CreateCall(InterceptionTracing tracing);

    /// <summary>Adds OpenTelemetry's own instrumentation of this side, set up as its README says.</summary>
    private protected abstract void AddContribInstrumentation(TracerProviderBuilder tracing);

    internal async Task SetupAsync(InterceptionScenario scenario)
    {
        this.tracing = new InterceptionTracing(scenario, this.WithParent, this.AddContribInstrumentation);
        this.call = this.CreateCall(this.tracing);
        await this.call.VerifyAsync();
    }
}
