using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Instrumentation.Internal;
using Cri.Tracing.Internal;
using Cri.Tracing.Sampling;
using Grpc.Core;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// The span of one sampled call against a bare span that carries the same 9 attributes, added the
/// cheapest way .NET allows, both under the same tracer provider (sampling everything, exporting
/// nothing): the attributes are what the RPC conventions and the CRI require, so what is measured
/// is the instrumentation's work around them. The bare span comes two ways, its request's
/// attributes added after the start or given at the start in an array made for the call; the
/// cheaper of the two is the baseline. The instrumentation's side is what
/// <see cref="CriServerTracingInterceptor"/> does around a recorded call, through the same internal
/// entry points: start the SERVER span with the method's and the request's creation attributes,
/// attach the call's bookkeeping (<c>ServerCall.Start</c>), record the response's CRI attributes,
/// read the status grpc-dotnet's call context holds and stop.
/// What a call costs around that (finding the method, the propagation headers, the pipeline) is measured by the
/// interception benchmarks; this pair isolates the span.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes them.")]
public class SpanWorkBenchmarks
{
    private readonly ActivitySource bareSource = new("Cri.Tracing.Benchmarks.Bare");
    private readonly LastSpanProcessor spans = new();
    private readonly TracingSettings settings = new(new CriInstrumentationOptions { SemanticConventions = RpcSemanticConventions.Current });
    private readonly ServerCallContext completedCall = new BenchmarkServerCallContext(RunPodSandboxCall.Method.Path, []);
    private TracedMethod method = null!;
    private TracerProvider? provider;

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = RunPodSandboxCall.Endpoint;
        this.method = TracedMethod.ForKnown(RunPodSandboxCall.Method, this.settings, TracedMethod.BuildEndpointTags(endpoint.Host, endpoint.Port));
        this.provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(this.bareSource.Name)
            .AddCriInstrumentation()
            .SetSampler(CriSamplers.ParentBasedPerMillion(1_000_000))
            .AddProcessor(this.spans)
            .Build();

        this.BareStartActivityNineTagsStop();
        this.Verify(this.bareSource.Name, expectedTags: 9);
        this.BareStartActivityRequestTagsAtCreation();
        this.Verify(this.bareSource.Name, expectedTags: 9);
        this.InstrumentationSpanWork();
        this.Verify(CriTracing.ActivitySourceName, expectedTags: 9);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        this.provider?.Dispose();
        this.bareSource.Dispose();
    }

    /// <summary>
    /// A bare span with the instrumentation's 9 attributes, the 3 of its method and endpoint as
    /// creation tags (a cached array), the 6 learned later (the pod's, the status) appended with
    /// <c>AddTag</c>, each of which takes the Activity's lock.
    /// </summary>
    [Benchmark(Baseline = true)]
    public void BareStartActivityNineTagsStop()
    {
        var activity = this.bareSource.StartActivity(RunPodSandboxCall.Method.QualifiedName, ActivityKind.Server, default(ActivityContext), this.method.StartTags)!;
        activity.AddTag("k8s.pod.name", RunPodSandboxCall.PodName);
        activity.AddTag("k8s.namespace.name", RunPodSandboxCall.PodNamespace);
        activity.AddTag("k8s.pod.uid", RunPodSandboxCall.PodUid);
        activity.AddTag("cri.runtime_handler", RunPodSandboxCall.Request.RuntimeHandler);
        activity.AddTag("cri.pod_sandbox.id", RunPodSandboxCall.PodSandboxId);
        activity.AddTag("rpc.response.status_code", "OK");
        activity.Stop();
    }

    /// <summary>
    /// The same bare span with the request's 4 attributes among its creation tags too, in an array
    /// made for the call (the request's values are the call's): no lock for them, one array more.
    /// </summary>
    [Benchmark]
    public void BareStartActivityRequestTagsAtCreation()
    {
        var start = this.method.StartTags!;
        var request = RunPodSandboxCall.Request;
        KeyValuePair<string, object?>[] tags =
        [
            start[0], start[1], start[2],
            new("k8s.pod.name", request.Config.Metadata.Name),
            new("k8s.namespace.name", request.Config.Metadata.Namespace),
            new("k8s.pod.uid", request.Config.Metadata.Uid),
            new("cri.runtime_handler", request.RuntimeHandler),
        ];
        var activity = this.bareSource.StartActivity(RunPodSandboxCall.Method.QualifiedName, ActivityKind.Server, default(ActivityContext), tags)!;
        activity.AddTag("cri.pod_sandbox.id", RunPodSandboxCall.PodSandboxId);
        activity.AddTag("rpc.response.status_code", "OK");
        activity.Stop();
    }

    [Benchmark]
    public void InstrumentationSpanWork()
    {
        var creationTags = CriMessageAttributes.ForCreation(this.method.StartTags!, this.method.RequestAttributes, RunPodSandboxCall.Request);
        var activity = CriActivitySource.Instance.StartActivity(this.method.SpanName, ActivityKind.Server, default(ActivityContext), creationTags)!;
        CriMessageAttributes.Return(creationTags);
        var call = ServerCall.Start(activity, this.method, this.settings, crioLayout: false);
        call.OnRequest(RunPodSandboxCall.Request);
        call.OnResponse(RunPodSandboxCall.Response);
        call.Complete(this.completedCall, failure: null);
    }

    private void Verify(string sourceName, int expectedTags)
    {
        var span = this.spans.LastEnded;
        if (span?.Source.Name != sourceName || span.TagObjects.Count() != expectedTags || span.GetTagItem("cri.pod_sandbox.id") is null)
        {
            throw new InvalidOperationException($"The {sourceName} span ended with {span?.TagObjects.Count()} attributes, not {expectedTags}.");
        }
    }
}
