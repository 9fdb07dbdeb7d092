using Cri.Protos.V1;
using Grpc.Core;

namespace Cri.Tracing.Hosting.Tests.Support;

/// <summary>A runtime that answers Version only: enough to see which spans a host records.</summary>
internal sealed class VersionRuntime : RuntimeService.RuntimeServiceBase
{
    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context)
        => Task.FromResult(new VersionResponse { Version = "0.1.0", RuntimeName = "test", RuntimeApiVersion = "v1" });
}
