using System.Diagnostics;
using System.Net;
using Cri.Protos;
using Cri.Protos.Grpc;
using Cri.Protos.V1;
using Cri.Tracing.Benchmarks.Support;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// The typed CRI client over a <see cref="CriChannel"/> whose transport answers every call with
/// the same gRPC response (one message frame, <c>grpc-status: 0</c> in the trailers), with
/// <see cref="CriClientTracingHandler"/> in front of it when intercepted. A call runs the whole
/// client path (request message and content, response stream, parsing, trailers) without a socket.
/// </summary>
internal sealed class CannedTransportClient : IInterceptedCall
{
    private readonly InterceptionTracing tracing;
    private readonly ILoggerFactory loggerFactory;
    private readonly HttpMessageInvoker invoker;
    private readonly CriChannel channel;
    private readonly RuntimeServiceClient client;
    private readonly Activity? parent;

    public CannedTransportClient(InterceptionTracing tracing)
    {
        this.tracing = tracing;
        this.loggerFactory = LoggerFactory.Create(tracing.ConfigureLogging);
        HttpMessageHandler handler = new CannedGrpcTransport(this.loggerFactory.CreateLogger<CannedGrpcTransport>());
        if (tracing.IsIntercepted)
        {
            handler = new CriClientTracingHandler(RunPodSandboxCall.Endpoint, handler, tracing.CreateOptions<CriInstrumentationOptions>());
        }

        this.invoker = new HttpMessageInvoker(handler);
        this.channel = new CriChannel(RunPodSandboxCall.Endpoint, this.invoker);
        this.client = new RuntimeServiceClient(this.channel);
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
        this.invoker.Dispose();
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
