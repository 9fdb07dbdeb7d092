using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Hosting.Propagation.Internal;
using Cri.Tracing.Instrumentation;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// A CRI server's ASP.NET Core application (hosting, routing, Grpc.AspNetCore with
/// <see cref="CriServerTracingInterceptor"/> among its interceptors when intercepted, a runtime
/// service) called in process the way Kestrel calls it: the host starts on a server that only
/// keeps the <see cref="IHttpApplication{TContext}"/> it is given, and each call is one feature
/// collection run through it, without the socket.
/// </summary>
/// <remarks>
/// Going through hosting, as Kestrel does, is what lets OpenTelemetry's ASP.NET Core
/// instrumentation (<see cref="InterceptionScenario.ContribInstrumentation"/>) see the request;
/// every scenario pays hosting's share alike. TestServer would run it too, but each request
/// through it crosses an <see cref="HttpClient"/>, request and response pipes and a thread-pool
/// hop: microseconds and kilobytes of harness per call, with a scheduler's jitter, against
/// budgets of 80 ns and 128 B. Here a call runs synchronously to the end (no await yields), so
/// the difference between two benchmarks is the instrumentation alone. The response never
/// reports itself as started, so grpc-dotnet writes the status where it writes a trailers-only
/// response's: in the response headers.
/// </remarks>
internal sealed class InProcessCriServer : IInterceptedCall
{
    private readonly InterceptionTracing tracing;
    private readonly WebApplication application;
    private readonly ApplicationServer server = new();
    private readonly byte[] requestFrame = GrpcFrame.Encode(RunPodSandboxCall.Request);
    private readonly string? traceParent;

    public InProcessCriServer(InterceptionTracing tracing)
    {
        this.tracing = tracing;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseServer(this.server);
        tracing.ConfigureLogging(builder.Logging);
        if (tracing.IsIntercepted)
        {
            var options = tracing.CreateOptions<CriServerTracingOptions>();
            options.Endpoint = RunPodSandboxCall.Endpoint;
            options.RequestHeaderReader = HttpRequestTraceHeaders.Read;

            // One instance for the application's life: grpc-dotnet resolves a registered
            // interceptor from the services instead of creating one per call.
            builder.Services.AddSingleton(new CriServerTracingInterceptor(options));
            builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<CriServerTracingInterceptor>());
        }
        else if (tracing.Scenario == InterceptionScenario.PassThroughInterceptor)
        {
            builder.Services.AddSingleton(new PassThroughInterceptor());
            builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<PassThroughInterceptor>());
        }
        else
        {
            builder.Services.AddGrpc();
        }

        builder.Services.AddSingleton<PodRuntimeService>();
        this.application = builder.Build();
        this.application.MapGrpcService<PodRuntimeService>();
        this.application.StartAsync().GetAwaiter().GetResult();
        if (tracing.Parent is { } parent)
        {
            this.traceParent = $"00-{parent.TraceId.ToHexString()}-{parent.SpanId.ToHexString()}-{(parent.TraceFlags == ActivityTraceFlags.Recorded ? "01" : "00")}";
        }
    }

    public async Task CallAsync() => await this.RunCallAsync();

    public async Task VerifyAsync()
    {
        var (response, body) = await this.RunCallAsync(captureResponse: true);
        var status = response.Headers["grpc-status"];
        if (response.StatusCode != StatusCodes.Status200OK || status != "0")
        {
            throw new InvalidOperationException($"The in-process call ended with grpc-status '{status}' ({response.Headers["grpc-message"]}), HTTP {response.StatusCode}.");
        }

        var answer = RunPodSandboxResponse.Parser.ParseFrom(body.AsSpan(5));
        if (answer.PodSandboxId != RunPodSandboxCall.PodSandboxId)
        {
            throw new InvalidOperationException($"The in-process call answered '{answer.PodSandboxId}'.");
        }

        this.tracing.VerifyCallTraced();
    }

    public async ValueTask DisposeAsync()
    {
        await this.application.StopAsync();
        await this.application.DisposeAsync();
    }

    /// <summary>Makes the call and returns its response feature, whose headers hold the status, and the response body when asked for.</summary>
    private async ValueTask<(IHttpResponseFeature Response, byte[] Body)> RunCallAsync(bool captureResponse = false)
    {
        var request = new HttpRequestFeature
        {
            Method = HttpMethods.Post,
            Scheme = "http",
            Protocol = HttpProtocol.Http2,
            Path = RunPodSandboxCall.Method.Path,
            Body = new MemoryStream(this.requestFrame, writable: false),
        };
        request.Headers.Host = "localhost";
        request.Headers.ContentType = "application/grpc";
        request.Headers.TE = "trailers";
        if (this.traceParent is not null)
        {
            request.Headers.TraceParent = this.traceParent;
        }

        var body = captureResponse ? new MemoryStream() : Stream.Null;
        var response = new HttpResponseFeature();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));

        // Kestrel completes the response body after the application returns, which returns the
        // body writer's buffers to their pool; hosting then disposes the context and its service scope.
        await this.server.RunAsync(features);
        return (response, (body as MemoryStream)?.ToArray() ?? []);
    }

    /// <summary>The server the host starts on: it keeps the application and runs one request through it at a time.</summary>
    private sealed class ApplicationServer : IServer
    {
        private Func<IFeatureCollection, Task>? run;

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task RunAsync(IFeatureCollection features) => this.run!(features);

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull
        {
            this.run = async features =>
            {
                var context = application.CreateContext(features);
                Exception? error = null;
                try
                {
                    await application.ProcessRequestAsync(context);
                    await features.GetRequiredFeature<IHttpResponseBodyFeature>().CompleteAsync();
                }
                catch (Exception e)
                {
                    error = e;
                    throw;
                }
                finally
                {
                    application.DisposeContext(context, error);
                }
            };
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    /// <summary>The runtime's side of the call: logs as it works and answers with the pod sandbox id.</summary>
    private sealed class PodRuntimeService(ILogger<PodRuntimeService> logger) : RuntimeService.RuntimeServiceBase
    {
        private static readonly Task<RunPodSandboxResponse> Response = Task.FromResult(RunPodSandboxCall.Response);

        public override Task<RunPodSandboxResponse> RunPodSandbox(RunPodSandboxRequest request, ServerCallContext context)
        {
            InCallLog.Write(logger);
            return Response;
        }
    }
}
