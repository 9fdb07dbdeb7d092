using Cri.Protos.V1;
using Grpc.Core;

namespace Cri.Protos.Tests.Contract;

/// <summary>A runtime service that echoes: enough to see a call cross a transport.</summary>
internal sealed class EchoRuntimeService : RuntimeService.RuntimeServiceBase
{
    /// <summary>Gets the <c>:authority</c> of the last call.</summary>
    public string? LastHost { get; private set; }

    /// <summary>Echoes the request's version into the response.</summary>
    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context)
    {
        this.LastHost = context.Host;
        return Task.FromResult(new VersionResponse { Version = request.Version, RuntimeName = "echo", RuntimeApiVersion = "v1" });
    }

    /// <summary>Streams three events, then completes.</summary>
    public override async Task GetContainerEvents(GetEventsRequest request, IServerStreamWriter<ContainerEventResponse> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < 3; i++)
        {
            await responseStream.WriteAsync(new ContainerEventResponse { ContainerId = "c" + i, ContainerEventType = ContainerEventType.ContainerCreatedEvent }, context.CancellationToken);
        }
    }
}
