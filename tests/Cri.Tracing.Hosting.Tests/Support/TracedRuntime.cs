using Cri.Protos;
using Cri.SampleClient;
using Cri.SampleRuntime;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Lifecycle.Internal;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Sampling;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting.Tests.Support;

/// <summary>
/// The sample runtime hosted in the test process on a private Unix socket, with its tracing (<c>AddCriTracing</c>,
/// wired by <see cref="SampleRuntimeHost"/>) set by the given settings, short export intervals and timeouts, and
/// captured logs.
/// </summary>
internal sealed class TracedRuntime : IAsyncDisposable
{
    private readonly SampleRuntimeServer server;
    private readonly string directory;
    private bool disposed;

    private TracedRuntime(SampleRuntimeServer server, string directory, LogCapture logs)
    {
        this.server = server;
        this.directory = directory;
        this.Logs = logs;
    }

    public string Endpoint => this.server.Endpoint;

    public IServiceProvider Services => this.server.Services;

    public LogCapture Logs { get; }

    /// <summary>Gets the service that applies the settings to the tracer provider.</summary>
    public CriTracingService Tracing => this.server.Services.GetRequiredService<CriTracingService>();

    public static CallOptions Call => new(cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The settings of a runtime exporting to <paramref name="endpoint"/> with <paramref name="protocol"/>.</summary>
    public static Dictionary<string, string?> Exporting(string endpoint, int ratePerMillion, OtlpProtocol protocol = OtlpProtocol.Grpc) => new()
    {
        ["CriTracing:Enabled"] = "true",
        ["CriTracing:Endpoint"] = endpoint,
        ["CriTracing:Protocol"] = protocol.ToString(),
        ["CriTracing:SamplingRatePerMillion"] = ratePerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Task<TracedRuntime> StartAsync(IDictionary<string, string?> settings, Action<CriTracingHostingOptions>? configure = null)
        => StartAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), configure);

    /// <summary>Starts the runtime over <paramref name="configuration"/>, which the test may reload.</summary>
    public static async Task<TracedRuntime> StartAsync(IConfiguration configuration, Action<CriTracingHostingOptions>? configure = null)
    {
        // Short: a Unix socket path must fit in 108 bytes.
        var directory = Directory.CreateTempSubdirectory("crt").FullName;
        var logs = new LogCapture();
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SampleRuntime:LatencyScale"] = "0",

                // The console and the capture show warnings only; the log bridge still records Information.
                ["Logging:LogLevel:Default"] = "Warning",
            })
            .AddConfiguration(configuration)
            .Build();
        try
        {
            var server = await SampleRuntimeHost.StartAsync(
                "unix://" + Path.Combine(directory, "rt.sock"),
                settings,
                services =>
                {
                    services.Configure<CriTracingHostingOptions>(options =>
                    {
                        options.ExportInterval = TimeSpan.FromMilliseconds(20);
                        options.ExportTimeout = TimeSpan.FromMilliseconds(500);
                        options.ShutdownTimeout = TimeSpan.FromSeconds(2);
                        options.AdditionalSources.Add(TestTraces.SourceName);
                        options.AdditionalSources.Add(SampleClientCli.ActivitySourceName);
                        configure?.Invoke(options);
                    });
                    services.AddLogging(logging => logging.AddProvider(logs));
                },
                cancellationToken: TestContext.Current.CancellationToken);
            return new TracedRuntime(server, directory, logs);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Creates a channel to the runtime whose calls get CLIENT spans.</summary>
    public TracedChannel CreateTracedChannel()
    {
        var channel = CriChannel.Create(this.Endpoint);
        return new TracedChannel(channel, channel.Intercept(this.CreateClientInterceptor()));
    }

    /// <summary>
    /// Creates a client interceptor for calls to the runtime, recording its endpoint, with the host's sampler: the
    /// client spans live in the runtime's tracer provider.
    /// </summary>
    public CriClientTracingInterceptor CreateClientInterceptor() => new(new CriClientTracingOptions
    {
        Endpoint = CriEndpoint.Parse(this.Endpoint),
        Sampler = this.Services.GetRequiredService<ReloadablePerMillionSampler>(),
    });

    public async ValueTask DisposeAsync()
    {
        if (this.disposed)
        {
            return;
        }

        this.disposed = true;
        await this.server.DisposeAsync();
        Directory.Delete(this.directory, recursive: true);
    }
}
