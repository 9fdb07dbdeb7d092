using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Logging;
using Cri.Tracing.Propagation.Internal;
using Cri.Tracing.Sampling;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>
/// Allocation budgets of the paths every call takes, measured on the calling thread after warm-up
/// and averaged, each in a copy of the caller's execution context so nothing it sets leaks into the
/// next measurement. Speed is the benchmarks' business.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class AllocationTests
{
    private const string UnsampledParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
    private const string Version = "/runtime.v1.RuntimeService/Version";
    private const string Health = "/grpc.health.v1.Health/Check";

    // A Metadata with its entry list, the entry, the new CallOptions' boxed parts: a few hundred bytes.
    private const int MetadataCopyBudget = 512;

    [Fact]
    public void Tracing_off_allocates_nothing()
    {
        var server = Server(sampledRate: null);
        var client = Client(rate: null);

        Assert.Equal(0, Measure(() => server.Call(Version)));

        // Measured against the same call without the interceptor: only the interceptor's own cost counts.
        Assert.Equal(0, Measure(client.Call) - Measure(TestClient.CallUntraced));
    }

    [Fact]
    public void A_switched_off_sampler_allocates_nothing_even_with_a_provider_listening_and_a_sampled_parent()
    {
        var sampler = new ReloadablePerMillionSampler(1_000_000) { Enabled = false };
        using var capture = new SpanCapture(sampler, CriTracing.ActivitySourceName, "app");
        var server = new TestServer(new CriServerTracingInterceptor(new CriServerTracingOptions { Sampler = sampler }));
        var client = new TestClient(new CriClientTracingInterceptor(new CriClientTracingOptions { Sampler = sampler }));
        server.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        Assert.Equal(0, Measure(() => server.Call(Version)));
        Assert.Equal(0, Measure(client.Call) - Measure(TestClient.CallUntraced));
        Assert.Empty(capture.Spans);
    }

    [Fact]
    public void Tracing_off_through_Intercept_allocates_what_the_bare_invoker_does()
    {
        var bare = new CompletedCallInvoker();
        var interceptor = new CriClientTracingInterceptor(new CriClientTracingOptions { SamplingRatePerMillion = null });

        var traced = bare.Intercept(interceptor);

        Assert.Equal(0, Measure(() => CompletedCallInvoker.Call(traced)) - Measure(() => CompletedCallInvoker.Call(bare)));

        // Grpc.Core.Api's intercepting invoker, which the same interceptor gets as an Interceptor,
        // makes a continuation delegate per call: what Intercept above avoids.
        var viaInterceptor = bare.Intercept((Interceptor)interceptor);
        Assert.True(Measure(() => CompletedCallInvoker.Call(viaInterceptor)) - Measure(() => CompletedCallInvoker.Call(bare)) > 0);
    }

    [Fact]
    public void Server_call_that_is_not_sampled_or_excluded_stays_within_128_bytes()
    {
        using var capture = new SpanCapture(CriSamplers.ParentBasedPerMillion(0), CriTracing.ActivitySourceName);
        var server = Server(sampledRate: 0);

        Assert.Equal(0, Measure(() => server.Call(Version)));

        // Keeping an incoming parent for downstream calls is the only cost: one small holder.
        server.Headers.Add("traceparent", UnsampledParent);
        Assert.InRange(Measure(() => server.Call(Version)), 1, 128);
        Assert.InRange(Measure(() => server.Call(Health)), 1, 128);
        server.Headers.Clear();
        Assert.Equal(0, Measure(() => server.Call(Health)));
    }

    [Fact]
    public void Client_call_under_an_unsampled_parent_only_copies_its_metadata()
    {
        using var capture = new SpanCapture(CriSamplers.ParentBasedPerMillion(1_000_000), CriTracing.ActivitySourceName, "alloc");
        var client = Client(rate: 1_000_000);
        using var source = new ActivitySource("alloc");

        // No Activity: the only cost is the call's own metadata with the parent written in
        // (grpc-dotnet's options and metadata are immutable to an interceptor, so it copies them).
        using (var parent = source.StartActivity("p", ActivityKind.Internal, new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true)))
        {
            _ = parent!.Id;
            Assert.InRange(Measure(client.Call), 1, MetadataCopyBudget);
        }

        var headers = FakeServerCallContext.HeadersOf(new Metadata { { "traceparent", UnsampledParent } });
        Assert.InRange(
            Measure(() =>
            {
                IncomingTraceContext.Capture(headers, UnsampledParent);
                return client.Call();
            }) - Measure(() =>
            {
                IncomingTraceContext.Capture(headers, UnsampledParent);
                return Task.CompletedTask;
            }),
            1,
            MetadataCopyBudget);
    }

    [Fact]
    public void Logging_outside_a_recording_span_allocates_nothing()
    {
        var logger = new CriTracingLoggerProvider().CreateLogger("alloc");

        Assert.Equal(0, Measure(() =>
        {
            logger.Log(LogLevel.Error, default, "state", null, static (s, _) => s);
            return Task.CompletedTask;
        }));
    }

    [Fact]
    public void Sampling_decision_allocates_nothing()
    {
        var sampler = new PerMillionSampler(100);
        var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "span", ActivityKind.Server);

        Assert.Equal(0, Measure(() =>
        {
            sampler.ShouldSample(parameters);
            return Task.CompletedTask;
        }));
    }

    private static TestServer Server(int? sampledRate) => new(new CriServerTracingInterceptor(new CriServerTracingOptions { SamplingRatePerMillion = sampledRate }));

    private static TestClient Client(int? rate) => new(new CriClientTracingInterceptor(new CriClientTracingOptions { SamplingRatePerMillion = rate }));

    /// <summary>Bytes allocated per call, after warm-up, in a copy of the current execution context.</summary>
    private static double Measure(Func<Task> action)
    {
        var result = 0.0;
        ExecutionContext.Run(
            ExecutionContext.Capture()!,
            _ =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    action();
                }

                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 10_000; i++)
                {
                    action();
                }

                result = Math.Floor((GC.GetAllocatedBytesForCurrentThread() - before) / 10_000.0);
            },
            null);
        return result;
    }

    /// <summary>A server interceptor called the way Grpc.AspNetCore calls it, with a completed handler.</summary>
    private sealed class TestServer(CriServerTracingInterceptor interceptor)
    {
        private static readonly Task<VersionResponse> Response = Task.FromResult(new VersionResponse());
        private static readonly UnaryServerMethod<VersionRequest, VersionResponse> Handler = (_, _) => Response;
        private static readonly VersionRequest Request = new();

        // One context per method, reused: the measurement is the interceptor's, not the context's.
        private readonly Dictionary<string, FakeServerCallContext> contexts = [];

        public Metadata Headers { get; } = [];

        public Task<VersionResponse> Call(string method)
        {
            if (!this.contexts.TryGetValue(method, out var context))
            {
                context = new FakeServerCallContext(method, this.Headers);
                this.contexts[method] = context;
            }

            return interceptor.UnaryServerHandler(Request, context, Handler);
        }
    }

    /// <summary>A channel's invoker whose unary calls complete at once.</summary>
    private sealed class CompletedCallInvoker : CallInvoker
    {
        public static Task<VersionResponse> Call(CallInvoker invoker) => invoker.AsyncUnaryCall(TestClient.Method, null, default, TestClient.Request).ResponseAsync;

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
            => (AsyncUnaryCall<TResponse>)(object)TestClient.Completed;

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }

    /// <summary>A client interceptor in front of a call that completes at once.</summary>
    private sealed class TestClient(CriClientTracingInterceptor interceptor)
    {
        public static readonly Method<VersionRequest, VersionResponse> Method = new(
            MethodType.Unary, "runtime.v1.RuntimeService", "Version", Marshallers.Create<VersionRequest>(_ => [], _ => new VersionRequest()), Marshallers.Create<VersionResponse>(_ => [], _ => new VersionResponse()));

        public static readonly VersionRequest Request = new();
        public static readonly AsyncUnaryCall<VersionResponse> Completed = new(Task.FromResult(new VersionResponse()), Task.FromResult(new Metadata()), () => Grpc.Core.Status.DefaultSuccess, () => [], () => { });
        private static readonly Interceptor.AsyncUnaryCallContinuation<VersionRequest, VersionResponse> Continuation = (_, _) => Completed;

        public static Task<VersionResponse> CallUntraced() => Continuation(Request, new ClientInterceptorContext<VersionRequest, VersionResponse>(Method, null, default(CallOptions))).ResponseAsync;

        public Task<VersionResponse> Call() => interceptor.AsyncUnaryCall(Request, new ClientInterceptorContext<VersionRequest, VersionResponse>(Method, null, default(CallOptions)), Continuation).ResponseAsync;
    }
}
