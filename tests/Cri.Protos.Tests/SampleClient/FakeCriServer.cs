using Cri.Protos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Protos.Tests.SampleClient;

/// <summary>Kestrel on a private Unix socket serving <see cref="FakeRuntimeService"/> and <see cref="FakeImageService"/>.</summary>
internal sealed class FakeCriServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;

    private FakeCriServer(WebApplication app, string directory, string endpoint, FakeRuntimeService runtime, FakeImageService images)
    {
        this.app = app;
        this.directory = directory;
        this.Endpoint = endpoint;
        this.Runtime = runtime;
        this.Images = images;
    }

    public string Endpoint { get; }

    public FakeRuntimeService Runtime { get; }

    public FakeImageService Images { get; }

    public static async Task<FakeCriServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("cri-client").FullName;
        var endpoint = "unix://" + Path.Combine(directory, "cri.sock");
        var runtime = new FakeRuntimeService();
        var images = new FakeImageService();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(images);
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenCri(CriEndpoint.Parse(endpoint)));
        var app = builder.Build();
        app.MapGrpcService<FakeRuntimeService>();
        app.MapGrpcService<FakeImageService>();
        await app.StartAsync();
        return new FakeCriServer(app, directory, endpoint, runtime, images);
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.DisposeAsync();
        Directory.Delete(this.directory, recursive: true);
    }
}
