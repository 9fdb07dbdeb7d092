using Cri.Protos.V1;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>
/// Methods the CRI catalog does not know, served next to the runtime: an unknown service
/// (<c>example.v1.Other/DoThing</c>, server streaming; <c>Collect</c>, client streaming; <c>Echo</c>,
/// duplex streaming) and the gRPC health check (unary).
/// </summary>
internal sealed class OtherServices
{
    public static readonly Method<VersionRequest, VersionResponse> DoThingMethod = new(
        MethodType.ServerStreaming, "example.v1.Other", "DoThing", Marshaller(VersionRequest.Parser), Marshaller(VersionResponse.Parser));

    public static readonly Method<VersionRequest, VersionResponse> CollectMethod = new(
        MethodType.ClientStreaming, "example.v1.Other", "Collect", Marshaller(VersionRequest.Parser), Marshaller(VersionResponse.Parser));

    public static readonly Method<VersionRequest, VersionResponse> EchoMethod = new(
        MethodType.DuplexStreaming, "example.v1.Other", "Echo", Marshaller(VersionRequest.Parser), Marshaller(VersionResponse.Parser));

    public static readonly Method<VersionRequest, VersionResponse> CheckMethod = new(
        MethodType.Unary, "grpc.health.v1.Health", "Check", Marshaller(VersionRequest.Parser), Marshaller(VersionResponse.Parser));

    private static int healthChecks;

    public static int HealthChecks => Volatile.Read(ref healthChecks);

    private static async Task DoThing(VersionRequest request, IServerStreamWriter<VersionResponse> stream, ServerCallContext context)
    {
        for (var i = 0; i < 2; i++)
        {
            await stream.WriteAsync(new VersionResponse { Version = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, context.CancellationToken);
        }
    }

    // Answers with the versions it received, joined.
    private static async Task<VersionResponse> Collect(IAsyncStreamReader<VersionRequest> requests, ServerCallContext context)
    {
        var versions = new List<string>();
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            versions.Add(request.Version);
        }

        return new VersionResponse { Version = string.Join(",", versions) };
    }

    private static async Task Echo(IAsyncStreamReader<VersionRequest> requests, IServerStreamWriter<VersionResponse> responses, ServerCallContext context)
    {
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            await responses.WriteAsync(new VersionResponse { Version = request.Version }, context.CancellationToken);
        }
    }

    private static Task<VersionResponse> Check(VersionRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref healthChecks);
        return Task.FromResult(new VersionResponse { Version = "SERVING" });
    }

    private static Marshaller<T> Marshaller<T>(MessageParser<T> parser)
        where T : IMessage<T>
        => Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom);

    /// <summary>Declares the methods to Grpc.AspNetCore, as code-first services do.</summary>
    internal sealed class MethodProvider : IServiceMethodProvider<OtherServices>
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtherServices> context)
        {
            context.AddServerStreamingMethod(DoThingMethod, [], (_, request, stream, call) => DoThing(request, stream, call));
            context.AddClientStreamingMethod(CollectMethod, [], (_, requests, call) => Collect(requests, call));
            context.AddDuplexStreamingMethod(EchoMethod, [], (_, requests, responses, call) => Echo(requests, responses, call));
            context.AddUnaryMethod(CheckMethod, [], (_, request, call) => Check(request, call));
        }
    }
}
