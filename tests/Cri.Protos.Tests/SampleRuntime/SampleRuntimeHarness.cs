using Cri.Protos.V1;
using Cri.SampleRuntime;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Protos.Tests.SampleRuntime;

/// <summary>
/// The sample runtime hosted in the test process on a private Unix socket, without latencies,
/// with typed clients and captured logs.
/// </summary>
internal sealed class SampleRuntimeHarness : IAsyncDisposable
{
    private readonly SampleRuntimeServer server;
    private readonly GrpcChannel channel;
    private readonly string directory;
    private bool stopped;

    private SampleRuntimeHarness(SampleRuntimeServer server, string directory, CapturedLogs logs)
    {
        this.server = server;
        this.directory = directory;
        this.Logs = logs;
        this.channel = CriChannel.Create(server.Endpoint);
        this.Runtime = new RuntimeService.RuntimeServiceClient(this.channel);
        this.Images = new ImageService.ImageServiceClient(this.channel);
    }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    public CapturedLogs Logs { get; }

    public string Endpoint => this.server.Endpoint;

    /// <summary>Gets call options that end with the test.</summary>
    public static CallOptions Call => new(cancellationToken: TestContext.Current.CancellationToken);

    public static async Task<SampleRuntimeHarness> StartAsync()
    {
        // Short: a Unix socket path must fit in 108 bytes.
        var directory = Directory.CreateTempSubdirectory("crs").FullName;
        var logs = new CapturedLogs();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SampleRuntime:LatencyScale"] = "0" })
            .Build();
        var server = await SampleRuntimeHost.StartAsync(
            "unix://" + Path.Combine(directory, "rt.sock"),
            configuration,
            services => services.AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs)),
            cancellationToken: TestContext.Current.CancellationToken);
        return new SampleRuntimeHarness(server, directory, logs);
    }

    public static PodSandboxConfig PodConfig(string name, params (string Key, string Value)[] labels)
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "default", Uid = Guid.NewGuid().ToString(), Attempt = 0 },
            Hostname = name,
            LogDirectory = "/var/log/pods/default_" + name,
        };

        foreach (var (key, value) in labels)
        {
            config.Labels.Add(key, value);
        }

        config.Annotations.Add("example.com/owner", "tests");
        return config;
    }

    public static ContainerConfig ContainerConfig(string name, string image = "busybox", params (string Key, string Value)[] labels)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name, Attempt = 0 },
            Image = new ImageSpec { Image = image },
            Command = { "sleep", "3600" },
            LogPath = name + "/0.log",
        };

        foreach (var (key, value) in labels)
        {
            config.Labels.Add(key, value);
        }

        return config;
    }

    public async Task<string> RunPodAsync(string name, params (string Key, string Value)[] labels)
        => (await this.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = PodConfig(name, labels) }, Call)).PodSandboxId;

    public async Task<string> CreateContainerAsync(string podSandboxId, string name, string image = "busybox", params (string Key, string Value)[] labels)
        => (await this.Runtime.CreateContainerAsync(
            new CreateContainerRequest { PodSandboxId = podSandboxId, Config = ContainerConfig(name, image, labels) },
            Call)).ContainerId;

    public async Task<string> StartContainerAsync(string podSandboxId, string name)
    {
        var id = await this.CreateContainerAsync(podSandboxId, name);
        await this.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, Call);
        return id;
    }

    /// <summary>
    /// Stops the runtime but keeps the channel: a call still in flight gets the status the server
    /// sent, where disposing the channel would cancel it first.
    /// </summary>
    public async Task StopServerAsync()
    {
        if (!this.stopped)
        {
            this.stopped = true;
            await this.server.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.StopServerAsync();
        this.channel.Dispose();
        Directory.Delete(this.directory, recursive: true);
    }
}
