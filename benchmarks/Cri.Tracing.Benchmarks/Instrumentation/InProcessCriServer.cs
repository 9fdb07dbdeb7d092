using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.Grpc;
using Cri.Protos.V1;
using Cri.Tracing.Benchmarks.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// A CRI server's ASP.NET Core pipeline (routing, the tracing middleware when intercepted, the
/// Cri.Protos binding, a runtime service) invoked in process with one <see cref="HttpContext"/>
/// per call: what Kestrel hands the application for a gRPC request, without the socket.
/// </summary>
/// <remarks>
/// TestServer would run the pipeline too, with what the binding needs (the HTTP/2 protocol
/// string, response trailers), but each request through it crosses an <see cref="HttpClient"/>,
/// request and response pipes and a thread-pool hop: microseconds and kilobytes of harness per
/// call, with a scheduler's jitter, against budgets of 80 ns and 128 B. Here a call costs only what the application does plus a
/// <see cref="DefaultHttpContext"/>, and it runs synchronously to the end (no await yields), so
/// the difference between two benchmarks is the interceptor alone.
/// </remarks>
internal sealed class InProcessCriServer : IInterceptedCall
{
    private readonly InterceptionTracing tracing;
    private readonly WebApplication application;
    private readonly RequestDelegate pipeline;
    private readonly byte[] requestFrame = GrpcFrame.Encode(RunPodSandboxCall.Request);
    private readonly string? traceParent;

    public InProcessCriServer(InterceptionTracing tracing)
    {
        this.tracing = tracing;
        var builder = WebApplication.CreateSlimBuilder();
        tracing.ConfigureLogging(builder.Logging);
        builder.Services.AddCriServer();
        builder.Services.AddSingleton<PodRuntimeService>();
        this.application = builder.Build();

        // The pipeline WebApplication gives a runtime, built explicitly because the host is never
        // started: routing, the runtime's middleware, the CRI endpoints.
        var pipeline = new ApplicationBuilder(this.application.Services);
        pipeline.UseRouting();
        if (tracing.IsIntercepted)
        {
            var options = tracing.CreateOptions<CriServerTracingOptions>();
            options.Endpoint = RunPodSandboxCall.Endpoint;
            pipeline.UseCriServerTracing(options);
        }

        pipeline.UseEndpoints(endpoints => endpoints.MapCriRuntimeService<PodRuntimeService>());
        this.pipeline = pipeline.Build();
        if (tracing.Parent is { } parent)
        {
            this.traceParent = $"00-{parent.TraceId.ToHexString()}-{parent.SpanId.ToHexString()}-{(parent.TraceFlags == ActivityTraceFlags.Recorded ? "01" : "00")}";
        }
    }

    public async Task CallAsync() => await this.RunCallAsync();

    public async Task VerifyAsync()
    {
        var context = await this.RunCallAsync();
        var status = context.Features.GetRequiredFeature<IHttpResponseTrailersFeature>().Trailers["grpc-status"];
        if (status != "0")
        {
            throw new InvalidOperationException($"The in-process call ended with grpc-status '{status}', HTTP {context.Response.StatusCode}.");
        }

        this.tracing.VerifyCallTraced();
    }

    public ValueTask DisposeAsync() => this.application.DisposeAsync();

    /// <summary>Makes the call and returns its context, whose trailers hold the status.</summary>
    private async ValueTask<HttpContext> RunCallAsync()
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.Scheme = "http";
        request.Protocol = HttpProtocol.Http2;
        request.Path = RunPodSandboxCall.Method.Path;
        request.ContentType = "application/grpc";
        request.Headers.TE = "trailers";
        if (this.traceParent is not null)
        {
            request.Headers.TraceParent = this.traceParent;
        }

        request.Body = new MemoryStream(this.requestFrame, writable: false);
        context.Features.Set<IHttpResponseTrailersFeature>(new ResponseTrailersFeature());

        // Kestrel completes the response body after the application returns; that returns the
        // body writer's buffers to their pool.
        await this.pipeline(context);
        await context.Response.CompleteAsync();
        return context;
    }

    /// <summary>The runtime's side of the call: logs as it works and answers with the pod sandbox id.</summary>
    private sealed class PodRuntimeService(ILogger<PodRuntimeService> logger) : RuntimeServiceBase
    {
        private static readonly Task<RunPodSandboxResponse> Response = Task.FromResult(RunPodSandboxCall.Response);

        public override Task<RunPodSandboxResponse> RunPodSandbox(RunPodSandboxRequest request, CriServerCallContext context)
        {
            InCallLog.Write(logger);
            return Response;
        }
    }
}
