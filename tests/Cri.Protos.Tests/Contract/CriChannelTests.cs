using System.Net;
using System.Net.Sockets;
using Cri.Protos.V1;
using Cri.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Cri.Protos.Tests.Contract;

/// <summary>A grpc-dotnet channel on a CRI endpoint reaches a server on its Unix socket or TCP address.</summary>
public sealed class CriChannelTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unary_call_round_trips_over_a_unix_socket_with_localhost_as_authority()
    {
        var service = new EchoRuntimeService();
        await using var server = await CriTestServer.StartAsync(service);
        using var channel = CriChannel.Create(server.Endpoint);

        var response = await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest { Version = "0.1.0" }, cancellationToken: Cancellation);

        Assert.StartsWith("unix://", server.Endpoint, StringComparison.Ordinal);
        Assert.Equal("0.1.0", response.Version);
        Assert.Equal("v1", response.RuntimeApiVersion);
        Assert.Equal("localhost", service.LastHost);
    }

    [Fact]
    public async Task Unary_call_round_trips_over_tcp()
    {
        var service = new EchoRuntimeService();
        await using var server = await CriTestServer.StartAsync(service, tcp: true);
        using var channel = CriChannel.Create(server.Endpoint);

        var response = await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest { Version = "tcp" }, cancellationToken: Cancellation);

        Assert.Equal("tcp", response.Version);
        Assert.False(CriEndpoint.Parse(server.Endpoint).IsUnixSocket);
        Assert.Equal(server.Endpoint, service.LastHost);
    }

    [Fact]
    public async Task Server_stream_delivers_every_message_over_a_unix_socket()
    {
        await using var server = await CriTestServer.StartAsync(new EchoRuntimeService());
        using var channel = server.CreateChannel();
        using var call = new RuntimeService.RuntimeServiceClient(channel).GetContainerEvents(new GetEventsRequest(), cancellationToken: Cancellation);

        var events = new List<string>();
        await foreach (var e in call.ResponseStream.ReadAllAsync(Cancellation))
        {
            events.Add(e.ContainerId);
        }

        Assert.Equal(["c0", "c1", "c2"], events);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task A_handler_the_caller_gives_is_used_instead_of_the_endpoint_transport()
    {
        await using var server = await CriTestServer.StartAsync(new EchoRuntimeService());
        var counting = new CountingHandler(CriChannel.CreateHttpHandler(CriEndpoint.Parse(server.Endpoint)));
        using var channel = CriChannel.Create(server.Endpoint, new GrpcChannelOptions { HttpHandler = counting });

        await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), cancellationToken: Cancellation);

        Assert.Equal(1, counting.Requests);
    }

    [Fact]
    public async Task Nobody_listening_on_the_socket_is_unavailable()
    {
        using var dead = CriChannel.Create("unix://" + Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.sock"));

        var error = await Assert.ThrowsAsync<RpcException>(() => new RuntimeService.RuntimeServiceClient(dead).VersionAsync(new VersionRequest(), cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task Nobody_listening_on_the_port_is_unavailable()
    {
        using var dead = CriChannel.Create("127.0.0.1:" + FreePort());

        var error = await Assert.ThrowsAsync<RpcException>(() => new RuntimeService.RuntimeServiceClient(dead).VersionAsync(new VersionRequest(), cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public void Text_that_is_not_an_endpoint_is_refused_before_any_channel_exists()
        => Assert.Throws<FormatException>(() => CriChannel.Create("http://127.0.0.1:80"));

    [Theory]
    [InlineData("unix:///run/containerd/containerd.sock", "http://localhost/")]
    [InlineData("/run/crio/crio.sock", "http://localhost/")]
    [InlineData("127.0.0.1:10000", "http://127.0.0.1:10000/")]
    [InlineData("tcp://localhost:1234", "http://localhost:1234/")]
    [InlineData("[::1]:4317", "http://[::1]:4317/")]
    public void Address_is_localhost_for_a_socket_and_host_port_for_tcp(string endpoint, string address)
        => Assert.Equal(address, CriChannel.GetAddress(CriEndpoint.Parse(endpoint)).ToString());

    [Fact]
    public void Handler_connects_within_crictl_default_timeout_unless_told()
    {
        var endpoint = CriEndpoint.Parse("unix:///run/containerd/containerd.sock");
        using var byDefault = CriChannel.CreateHttpHandler(endpoint);
        using var told = CriChannel.CreateHttpHandler(endpoint, TimeSpan.FromSeconds(2));
        using var tcp = CriChannel.CreateHttpHandler(CriEndpoint.Parse("127.0.0.1:1"));

        Assert.Equal(TimeSpan.FromSeconds(10), byDefault.ConnectTimeout);
        Assert.Equal(CriChannel.DefaultConnectTimeout, byDefault.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), told.ConnectTimeout);
        Assert.NotNull(byDefault.ConnectCallback);
        Assert.Null(tcp.ConnectCallback);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            this.Requests++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
