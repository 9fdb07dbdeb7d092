using Cri.Protos;

namespace Cri.SampleRuntime;

/// <summary>A started sample runtime. Disposing it stops serving and removes its Unix socket file.</summary>
public sealed class SampleRuntimeServer : IAsyncDisposable
{
    private readonly WebApplication application;
    private readonly string? socketPath;

    internal SampleRuntimeServer(WebApplication application, CriEndpoint endpoint)
    {
        this.application = application;
        this.socketPath = endpoint.SocketPath is { } path ? Path.GetFullPath(path) : null;

        // Port 0 listens on any free port: the one Kestrel took is in its addresses.
        var port = endpoint.Port == 0 && this.socketPath is null ? new Uri(application.Urls.First()).Port : endpoint.Port;
        this.Endpoint = this.socketPath is not null
            ? "unix://" + this.socketPath
            : $"tcp://{(endpoint.Host.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Host}]" : endpoint.Host)}:{port}";
    }

    /// <summary>Gets the endpoint the runtime serves, for <c>CriChannel.Create</c> and crictl's <c>--runtime-endpoint</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Gets the runtime's services.</summary>
    public IServiceProvider Services => this.application.Services;

    /// <summary>Waits until the host is asked to stop: SIGINT, SIGTERM, or <c>IHostApplicationLifetime.StopApplication</c>.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when shutdown has begun.</returns>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        var shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = this.application.Lifetime.ApplicationStopping.Register(() => shutdown.TrySetResult());
        await shutdown.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await this.application.StopAsync();
        await this.application.DisposeAsync();
        if (this.socketPath is not null)
        {
            File.Delete(this.socketPath);
        }
    }
}
