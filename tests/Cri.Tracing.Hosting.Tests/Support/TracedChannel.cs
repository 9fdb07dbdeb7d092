using Grpc.Core;
using Grpc.Net.Client;

namespace Cri.Tracing.Hosting.Tests.Support;

/// <summary>A channel to a runtime and the invoker that calls it through a client tracing interceptor.</summary>
internal sealed class TracedChannel(GrpcChannel channel, CallInvoker invoker) : IDisposable
{
    /// <summary>Gets the invoker typed clients call through.</summary>
    public CallInvoker Invoker { get; } = invoker;

    public void Dispose() => channel.Dispose();
}
