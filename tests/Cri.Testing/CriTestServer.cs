using System.Net;
using Cri.Protos;
using Cri.Protos.V1;
using Grpc.AspNetCore.Server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Testing;

/// <summary>Grpc.AspNetCore on Kestrel, on a private Unix socket (or loopback TCP), serving one runtime service.</summary>
public sealed class CriTestServer : IAsyncDisposable
{
    private readonly string? directory;

    private CriTestServer(WebApplication app, string endpoint, string? directory)
    {
        this.App = app;
        this.Endpoint = endpoint;
        this.directory = directory;
    }

    /// <summary>Gets the running application, for its services.</summary>
    public WebApplication App { get; }

    /// <summary>Gets the endpoint, as a client is given it.</summary>
    public string Endpoint { get; }

    /// <summary>Gets the socket path, or <see langword="null"/> on TCP.</summary>
    public string? SocketPath => this.directory is null ? null : Path.Combine(this.directory, "s.sock");

    /// <summary>Starts serving <paramref name="service"/>; logging is off unless <paramref name="configureLogging"/> adds it.</summary>
    /// <typeparam name="TService">The runtime service type.</typeparam>
    /// <param name="service">The instance every call is served by.</param>
    /// <param name="tcp">Listen on loopback TCP (a free port) instead of a Unix socket.</param>
    /// <param name="configureServices">Adds services, such as tracing interceptors or <c>GrpcServiceOptions</c>.</param>
    /// <param name="configureLogging">Adds logging providers.</param>
    /// <param name="configureApplication">Adds middleware before the service is mapped.</param>
    /// <param name="configureGrpc">Adjusts Grpc.AspNetCore's options, such as its interceptors.</param>
    /// <returns>The running server.</returns>
    public static async Task<CriTestServer> StartAsync<TService>(
        TService service,
        bool tcp = false,
        Action<IServiceCollection>? configureServices = null,
        Action<ILoggingBuilder>? configureLogging = null,
        Action<WebApplication>? configureApplication = null,
        Action<GrpcServiceOptions>? configureGrpc = null)
        where TService : RuntimeService.RuntimeServiceBase
    {
        string? directory = null;
        var endpoint = "127.0.0.1:0";
        if (!tcp)
        {
            directory = Directory.CreateTempSubdirectory("cri").FullName;
            endpoint = "unix://" + Path.Combine(directory, "s.sock");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(service);
        var grpc = builder.Services.AddGrpc();
        if (configureGrpc is not null)
        {
            grpc.Services.Configure(configureGrpc);
        }

        configureServices?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (tcp)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            }
            else
            {
                kestrel.ListenCri(CriEndpoint.Parse(endpoint));
            }
        });

        var app = builder.Build();
        configureApplication?.Invoke(app);
        app.MapGrpcService<TService>();
        await app.StartAsync();
        if (tcp)
        {
            endpoint = new Uri(app.Urls.First()).Authority;
        }

        return new CriTestServer(app, endpoint, directory);
    }

    /// <summary>An HTTP/2 client on the same transport, for requests the typed client never sends.</summary>
    /// <returns>The client.</returns>
    public HttpClient CreateRawClient()
    {
        var endpoint = CriEndpoint.Parse(this.Endpoint);
        return new HttpClient(CriChannel.CreateHttpHandler(endpoint))
        {
            BaseAddress = CriChannel.GetAddress(endpoint),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>A channel to the server; the caller disposes it.</summary>
    /// <param name="options">Channel options, if any.</param>
    /// <returns>The channel.</returns>
    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => CriChannel.Create(this.Endpoint, options);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await this.App.DisposeAsync();
        if (this.directory is not null)
        {
            Directory.Delete(this.directory, recursive: true);
        }
    }
}
