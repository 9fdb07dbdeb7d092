using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Cri.Protos;

/// <summary>
/// One CRI RPC as the wire sees it, derived from the compiled <c>runtime.v1</c> descriptors.
/// Instances come from <see cref="CriMethodCatalog"/>; every string is computed once so callers
/// on the hot path never allocate to name a call.
/// </summary>
public sealed class CriMethod
{
    internal CriMethod(MethodDescriptor descriptor)
    {
        this.Descriptor = descriptor;
        this.ServiceName = descriptor.Service.FullName;
        this.Name = descriptor.Name;
        this.QualifiedName = this.ServiceName + "/" + this.Name;
        this.Path = "/" + this.QualifiedName;
        this.Type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
    }

    /// <summary>Gets the protobuf descriptor of the method.</summary>
    public MethodDescriptor Descriptor { get; }

    /// <summary>Gets the full service name, such as <c>runtime.v1.RuntimeService</c>.</summary>
    public string ServiceName { get; }

    /// <summary>Gets the short method name, such as <c>RunPodSandbox</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Gets the method name without the leading slash, such as
    /// <c>runtime.v1.RuntimeService/RunPodSandbox</c>: OpenTelemetry's <c>rpc.method</c> and span name.
    /// </summary>
    public string QualifiedName { get; }

    /// <summary>
    /// Gets the HTTP/2 path of the method, such as <c>/runtime.v1.RuntimeService/RunPodSandbox</c>:
    /// grpc-dotnet's <c>Method.FullName</c> and <c>ServerCallContext.Method</c>.
    /// </summary>
    public string Path { get; }

    /// <summary>Gets the call's shape (the CRI uses unary and server-streaming calls).</summary>
    public MethodType Type { get; }

    /// <inheritdoc/>
    public override string ToString() => this.Path;
}
