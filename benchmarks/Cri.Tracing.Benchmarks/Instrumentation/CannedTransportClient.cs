using System.Diagnostics;
using System.Net;
using Cri.Protos.V1;
using Cri.Tracing.Benchmarks.Support;
using Cri.Tracing.Instrumentation;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// The generated CRI client over a Grpc.Net.Client <see cref="GrpcChannel"/> whose transport
/// answers every call with the same gRPC response (one message frame, <c>grpc-status: 0</c> in
/// the trailers), through <see cref="CriClientTracingInterceptor"/> when intercepted. A call runs
/// the whole client path (request message and content, response stream, parsing, trailers)
/// without a socket.
/// </summary>
internal sealed class CannedTransportClient : IInterceptedCall
{
    private readonly InterceptionTracing tracing;
    private readonly ILoggerFactory loggerFactory;
    private readonly GrpcChannel channel;
    private readonly RuntimeService.RuntimeServiceClient client;
    private readonly Activity? parent;

    public CannedTransportClient(InterceptionTracing tracing)
    {
        this.tracing = tracing;
        this.loggerFactory = LoggerFactory.Create(tracing.ConfigureLogging);
        var transport = new CannedGrpcTransport(this.loggerFactory.CreateLogger<CannedGrpcTransport>());

        // The channel's own logging stays off, as the transport's factory only has the log bridge.
        this.channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = transport, DisposeHttpClient = true });
        CallInvoker invoker = this.channel.CreateCallInvoker();
        if (tracing.IsIntercepted)
        {
            var options = tracing.CreateOptions<CriClientTracingOptions>();
            options.Endpoint = RunPodSandboxCall.Endpoint;
            invoker = invoker.Intercept(new CriClientTracingInterceptor(options));
        }
        else if (tracing.Scenario == InterceptionScenario.PassThroughInterceptor)
        {
            // grpc-dotnet's intercepting invoker, as any interceptor but the instrumentation's gets.
            invoker = invoker.Intercept(new PassThroughInterceptor());
        }

        this.client = new RuntimeService.RuntimeServiceClient(invoker);
        if (tracing.Parent is { } context)
        {
            // The caller's own span (the kubelet's SyncPod), local and current during the call.
            this.parent = new Activity("SyncPod").SetParentId(context.TraceId, context.SpanId, context.TraceFlags).Start();
        }
    }

    public async Task CallAsync() => await this.RunCallAsync();

    public async Task VerifyAsync()
    {
        var response = await this.RunCallAsync();
        if (response.PodSandboxId != RunPodSandboxCall.PodSandboxId)
        {
            throw new InvalidOperationException($"The canned call answered '{response.PodSandboxId}'.");
        }

        this.tracing.VerifyCallTraced();
    }

    public ValueTask DisposeAsync()
    {
        this.parent?.Stop();
        this.channel.Dispose();
        this.loggerFactory.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Makes the call, under the caller's span when there is one.</summary>
    private async ValueTask<RunPodSandboxResponse> RunCallAsync()
    {
        // Scoped to this async method: the caller's context is restored when it returns.
        Activity.Current = this.parent;
        return await this.client.RunPodSandboxAsync(RunPodSandboxCall.Request);
    }

    /// <summary>Stands in for SocketsHttpHandler: writes the request out, logs while the call is in flight, answers.</summary>
    private sealed class CannedGrpcTransport(ILogger logger) : HttpMessageHandler
    {
        private readonly byte[] responseFrame = GrpcFrame.Encode(RunPodSandboxCall.Response);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The transport serializes the request onto the wire; a baseline without it would not be a call.
            await request.Content!.CopyToAsync(Stream.Null, cancellationToken);
            InCallLog.Write(logger);
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Version = HttpVersion.Version20,
                RequestMessage = request,
                Content = new ByteArrayContent(this.responseFrame),
            };

            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
            return response;
        }
    }
}
