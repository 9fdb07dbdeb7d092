using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Instrumentation;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// A CRI server's ASP.NET Core pipeline (routing, Grpc.AspNetCore with
/// <see cref="CriServerTracingInterceptor"/> among its interceptors when intercepted, a runtime
/// service) invoked in process with one <see cref="HttpContext"/> per call: what Kestrel hands
/// the application for a gRPC request, without the socket.
/// </summary>
/// <remarks>
/// TestServer would run the pipeline too, but each request through it crosses an
/// <see cref="HttpClient"/>, request and response pipes and a thread-pool hop: microseconds and
/// kilobytes of harness per call, with a scheduler's jitter, against budgets of 80 ns and 128 B.
/// Here a call costs only what the application does plus a <see cref="DefaultHttpContext"/> and
/// a request service scope (as Kestrel's hosting creates one), and it runs synchronously to the
/// end (no await yields), so the difference between two benchmarks is the interceptor alone.
/// A <see cref="DefaultHttpContext"/> never reports its response as started, so grpc-dotnet
/// writes the status where it writes a trailers-only response's: in the response headers.
/// </remarks>
internal sealed class InProcessCriServer : IInterceptedCall
{
    private readonly InterceptionTracing tracing;
    private readonly WebApplication application;
    private readonly IServiceScopeFactory scopes;
    private readonly RequestDelegate pipeline;
    private readonly byte[] requestFrame = GrpcFrame.Encode(RunPodSandboxCall.Request);
    private readonly string? traceParent;

    public InProcessCriServer(InterceptionTracing tracing)
    {
        this.tracing = tracing;
        var builder = WebApplication.CreateSlimBuilder();
        tracing.ConfigureLogging(builder.Logging);
        if (tracing.IsIntercepted)
        {
            var options = tracing.CreateOptions<CriServerTracingOptions>();
            options.Endpoint = RunPodSandboxCall.Endpoint;

            // One instance for the application's life: grpc-dotnet resolves a registered
            // interceptor from the services instead of creating one per call.
            builder.Services.AddSingleton(new CriServerTracingInterceptor(options));
            builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<CriServerTracingInterceptor>());
        }
        else
        {
            builder.Services.AddGrpc();
        }

        builder.Services.AddSingleton<PodRuntimeService>();
        this.application = builder.Build();
        this.scopes = this.application.Services.GetRequiredService<IServiceScopeFactory>();

        // The pipeline WebApplication gives a runtime, built explicitly because the host is never
        // started: routing, then the gRPC endpoints.
        var pipeline = new ApplicationBuilder(this.application.Services);
        pipeline.UseRouting();
        pipeline.UseEndpoints(endpoints => endpoints.MapGrpcService<PodRuntimeService>());
        this.pipeline = pipeline.Build();
        if (tracing.Parent is { } parent)
        {
            this.traceParent = $"00-{parent.TraceId.ToHexString()}-{parent.SpanId.ToHexString()}-{(parent.TraceFlags == ActivityTraceFlags.Recorded ? "01" : "00")}";
        }
    }

    public async Task CallAsync() => await this.RunCallAsync();

    public async Task VerifyAsync()
    {
        var (context, response) = await this.RunCallAsync(captureResponse: true);
        var status = context.Response.Headers["grpc-status"];
        if (context.Response.StatusCode != StatusCodes.Status200OK || status != "0")
        {
            throw new InvalidOperationException($"The in-process call ended with grpc-status '{status}' ({context.Response.Headers["grpc-message"]}), HTTP {context.Response.StatusCode}.");
        }

        var answer = RunPodSandboxResponse.Parser.ParseFrom(response.AsSpan(5));
        if (answer.PodSandboxId != RunPodSandboxCall.PodSandboxId)
        {
            throw new InvalidOperationException($"The in-process call answered '{answer.PodSandboxId}'.");
        }

        this.tracing.VerifyCallTraced();
    }

    public ValueTask DisposeAsync() => this.application.DisposeAsync();

    /// <summary>Makes the call and returns its context, whose response headers hold the status, and the response body when asked for.</summary>
    private async ValueTask<(HttpContext Context, byte[] Response)> RunCallAsync(bool captureResponse = false)
    {
        var context = new DefaultHttpContext { ServiceScopeFactory = this.scopes };
        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        request.Protocol = HttpProtocol.Http2;
        request.Path = RunPodSandboxCall.Method.Path;
        request.ContentType = "application/grpc";
        request.Headers.TE = "trailers";
        if (this.traceParent is not null)
        {
            request.Headers.TraceParent = this.traceParent;
        }

        request.Body = new MemoryStream(this.requestFrame, writable: false);
        var body = captureResponse ? new MemoryStream() : null;
        if (body is not null)
        {
            context.Response.Body = body;
        }

        // Kestrel completes the response body after the application returns, which returns the
        // body writer's buffers to their pool, and then disposes the request's service scope.
        await this.pipeline(context);
        await context.Response.CompleteAsync();
        if (context.Features.Get<IServiceProvidersFeature>() is IAsyncDisposable services)
        {
            await services.DisposeAsync();
        }

        return (context, body?.ToArray() ?? []);
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
