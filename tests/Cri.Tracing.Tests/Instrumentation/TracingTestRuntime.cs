using System.Collections.Concurrent;
using System.Diagnostics;
using Cri.Protos.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>A runtime whose methods each end a call one particular way, and that can call downstream.</summary>
internal sealed class TracingTestRuntime : RuntimeService.RuntimeServiceBase
{
    private static readonly Action<ILogger, string, string, Exception?> RunningPod =
        LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(7, "RunningPod"), "Running pod sandbox {Pod} in {Namespace}");

    private static readonly Action<ILogger, string, Exception?> CreateFailed =
        LoggerMessage.Define<string>(LogLevel.Error, default, "Creating container {Container} failed");

    private readonly ConcurrentQueue<SeenCall> calls = new();

    public ILogger? Logger { get; set; }

    /// <summary>Gets or sets a downstream call made from inside Version, Status and RunPodSandbox.</summary>
    public Func<Task>? Downstream { get; set; }

    /// <summary>Gets or sets how long Version waits before answering.</summary>
    public TimeSpan VersionDelay { get; set; }

    public Activity? SeenActivity { get; private set; }

    public Baggage SeenBaggage { get; private set; }

    /// <summary>Gets the trace headers of every call served, as the gRPC metadata and the HTTP request carried them.</summary>
    public IReadOnlyList<SeenCall> Calls => [.. this.calls];

    public override async Task<VersionResponse> Version(VersionRequest request, ServerCallContext context)
    {
        if (this.VersionDelay > TimeSpan.Zero)
        {
            await Task.Delay(this.VersionDelay, context.CancellationToken);
        }

        await this.ObserveAsync(context);
        return new VersionResponse { Version = "0.1.0", RuntimeName = "test", RuntimeApiVersion = "v1" };
    }

    public override async Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        await this.ObserveAsync(context);
        return new StatusResponse();
    }

    public override async Task<RunPodSandboxResponse> RunPodSandbox(RunPodSandboxRequest request, ServerCallContext context)
    {
        if (this.Logger is { } logger)
        {
            RunningPod(logger, request.Config.Metadata.Name, request.Config.Metadata.Namespace, null);
        }

        await this.ObserveAsync(context);
        return new RunPodSandboxResponse { PodSandboxId = "sandbox-1" };
    }

    public override Task<PodSandboxStatusResponse> PodSandboxStatus(PodSandboxStatusRequest request, ServerCallContext context)
        => throw new RpcException(new Status(StatusCode.NotFound, $"pod sandbox \"{request.PodSandboxId}\" not found"));

    public override Task<ContainerStatusResponse> ContainerStatus(ContainerStatusRequest request, ServerCallContext context)
        => throw new InvalidOperationException("secret internal detail");

    public override Task<CreateContainerResponse> CreateContainer(CreateContainerRequest request, ServerCallContext context)
    {
        if (this.Logger is { } logger)
        {
            CreateFailed(logger, request.Config.Metadata.Name, new IOException("disk full"));
        }

        throw new RpcException(new Status(StatusCode.Internal, "cannot create"));
    }

    public override async Task GetContainerEvents(GetEventsRequest request, IServerStreamWriter<ContainerEventResponse> responseStream, ServerCallContext context)
    {
        this.Record(context);
        for (var i = 0; i < 3; i++)
        {
            await responseStream.WriteAsync(new ContainerEventResponse { ContainerId = "c" + i, ContainerEventType = ContainerEventType.ContainerCreatedEvent }, context.CancellationToken);
        }
    }

    private async Task ObserveAsync(ServerCallContext context)
    {
        this.SeenActivity = Activity.Current;
        this.SeenBaggage = Baggage.Current;
        this.Record(context);
        if (this.Downstream is { } downstream)
        {
            await downstream();
        }
    }

    private void Record(ServerCallContext context)
    {
        var metadata = context.RequestHeaders.Where(e => e.Key == "traceparent").Select(e => e.Value).ToList();
        var http = context.GetHttpContext().Request.Headers["traceparent"].Select(v => v!).ToList();
        this.calls.Enqueue(new SeenCall(Activity.Current, metadata, http));
    }

    /// <summary>One call as the runtime saw it.</summary>
    internal sealed record SeenCall(Activity? Activity, IReadOnlyList<string> MetadataTraceParents, IReadOnlyList<string> HttpTraceParents);
}
