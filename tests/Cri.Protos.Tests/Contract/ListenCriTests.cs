using System.Net;
using System.Net.Sockets;
using Cri.Protos.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Protos.Tests.Contract;

/// <summary>Kestrel listens where a CRI runtime listens: a Unix socket (left over or not) or a TCP port, HTTP/2 only.</summary>
public sealed class ListenCriTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("crl").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    [Fact]
    public async Task A_stale_socket_file_from_an_earlier_run_is_removed()
    {
        var path = Path.Combine(this.directory, "rt.sock");

        // .NET unlinks a socket file when the socket that bound it is disposed; moving the file
        // away first leaves what a crashed runtime leaves: a socket file nobody listens on.
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(path + ".bound"));
            File.Move(path + ".bound", path);
        }

        Assert.True(File.Exists(path));
        Assert.Throws<SocketException>(() =>
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            probe.Connect(new UnixDomainSocketEndPoint(path));
        });

        await using var app = await StartAsync("unix://" + path);

        Assert.Equal("stale", await VersionAsync("unix://" + path, "stale"));
    }

    [Fact]
    public async Task A_plain_file_in_the_way_is_removed()
    {
        var path = Path.Combine(this.directory, "rt.sock");
        await File.WriteAllTextAsync(path, "left over", Cancellation);

        await using var app = await StartAsync("unix://" + path);

        Assert.Equal("file", await VersionAsync("unix://" + path, "file"));
    }

    [Fact]
    public async Task The_socket_directory_is_created()
    {
        var path = Path.Combine(this.directory, "run", "cri", "rt.sock");

        await using var app = await StartAsync(path);

        Assert.Equal("created", await VersionAsync("unix://" + path, "created"));
    }

    [Theory]
    [InlineData("127.0.0.1:0")]
    [InlineData("localhost:0")]
    public async Task Port_zero_listens_on_a_free_port(string endpoint)
    {
        await using var app = await StartAsync(endpoint);

        var address = new Uri(Assert.Single(app.Urls));
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
        Assert.Equal("any", await VersionAsync(address.Authority, "any"));
    }

    [Fact]
    public async Task Http1_is_not_served()
    {
        await using var app = await StartAsync("tcp://127.0.0.1:0");
        var address = app.Urls.Single();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, address + "/runtime.v1.RuntimeService/Version")
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Contains("HTTP/2", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_name_other_than_localhost_is_refused()
    {
        var kestrel = new KestrelServerOptions();

        var error = Assert.Throws<FormatException>(() => kestrel.ListenCri(CriEndpoint.Parse("runtime.example:10000")));

        Assert.Contains("runtime.example", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<WebApplication> StartAsync(string endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new EchoRuntimeService());
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenCri(CriEndpoint.Parse(endpoint)));
        var app = builder.Build();
        app.MapGrpcService<EchoRuntimeService>();
        await app.StartAsync(Cancellation);
        return app;
    }

    internal static async Task<string> VersionAsync(string endpoint, string version)
    {
        using var channel = CriChannel.Create(endpoint);
        var response = await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest { Version = version }, cancellationToken: Cancellation);
        return response.Version;
    }
}
