using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Cri.Protos;
using Cri.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Benchmarks.Transport;

/// <summary>
/// What <c>ListenCri</c>'s Unix-socket connection middleware costs a client that already sends
/// <c>localhost</c> (grpc-dotnet, containerd, the kubelet): unary Version calls from a
/// <see cref="CriChannel"/> to Kestrel listening with <c>ListenCri</c> against plain
/// <c>ListenUnixSocket</c>. <see cref="UnaryCall"/> reuses one connection (the middleware's
/// pass-through, per call); <see cref="NewConnectionCall"/> opens a connection per call (its
/// inspection of the preface and first header block, per connection).
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes them.")]
public class UnixSocketListenBenchmarks
{
    private const int CallsPerInvoke = 64;

    private static readonly VersionRequest Request = new() { Version = "v1" };

    private string socket = string.Empty;
    private WebApplication? server;
    private GrpcChannel? channel;
    private RuntimeService.RuntimeServiceClient? client;

    [Params(UnixSocketListener.ListenUnixSocket, UnixSocketListener.ListenCri)]
    public UnixSocketListener Listener { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        this.socket = Path.Combine(Path.GetTempPath(), "cri-listen-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".sock");
        File.Delete(this.socket);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (this.Listener == UnixSocketListener.ListenCri)
            {
                kestrel.ListenCri(CriEndpoint.Parse("unix://" + this.socket));
            }
            else
            {
                kestrel.ListenUnixSocket(this.socket, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        this.server = builder.Build();
        this.server.MapGrpcService<VersionRuntimeService>();
        await this.server.StartAsync();

        this.channel = CriChannel.Create("unix://" + this.socket);
        this.client = new RuntimeService.RuntimeServiceClient(this.channel);
        await this.NewConnectionCall();
        if ((await this.client.VersionAsync(Request)).RuntimeName != VersionRuntimeService.Name)
        {
            throw new InvalidOperationException("The server did not answer Version.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        this.channel?.Dispose();
        if (this.server is not null)
        {
            await this.server.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public async Task UnaryCall()
    {
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            await this.client!.VersionAsync(Request);
        }
    }

    [Benchmark]
    public async Task NewConnectionCall()
    {
        using var fresh = CriChannel.Create("unix://" + this.socket);
        await new RuntimeService.RuntimeServiceClient(fresh).VersionAsync(Request);
    }

    private sealed class VersionRuntimeService : RuntimeService.RuntimeServiceBase
    {
        public const string Name = "bench";

        private static readonly Task<VersionResponse> Response = Task.FromResult(new VersionResponse { Version = "v1", RuntimeName = Name, RuntimeApiVersion = "v1" });

        public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context) => Response;
    }
}
