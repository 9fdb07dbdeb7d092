using Cri.Protos;
using Cri.Tracing;
using Cri.Tracing.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Cri.SampleRuntime;

/// <summary>
/// Builds and starts the sample runtime: the command line uses it, and so can tests and demos
/// that host the runtime in their own process.
/// </summary>
public static class SampleRuntimeHost
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> that records the simulated phases.</summary>
    public const string ActivitySourceName = "Cri.SampleRuntime";

    /// <summary>The configuration section bound to the tracing's <see cref="CriTracingHostingOptions"/> (export interval, timeouts, queue).</summary>
    public const string TracingHostingSection = "CriTracingHosting";

    /// <summary>The <c>service.name</c> of the runtime's spans unless the configuration names another, as CRI-O's is <c>crio</c>.</summary>
    public const string ServiceName = "cri-sample";

    /// <summary>Gets the endpoint served when none is given: <c>unix://</c> and a socket in the temporary directory.</summary>
    public static string DefaultEndpoint { get; } = "unix://" + Path.Combine(Path.GetTempPath(), "cri-sample", "cri-sample.sock");

    /// <summary>
    /// Builds the runtime's web application: Kestrel on <paramref name="endpoint"/> (a stale
    /// socket file is removed), both CRI services mapped, logs on standard error, and CRI tracing
    /// (<c>AddCriTracing</c>, off unless the <c>CriTracing</c> settings turn it on) with the
    /// phases recorded under the calls. Run it, or use <see cref="StartAsync"/>.
    /// </summary>
    /// <param name="endpoint">Where to listen: <c>unix:///path.sock</c> or <c>tcp://127.0.0.1:PORT</c>.</param>
    /// <param name="configuration">Settings layered over the defaults (environment, <c>appsettings.json</c>), such as the <c>SampleRuntime</c> section.</param>
    /// <param name="configureServices">Adds or replaces services, such as a test logger, or tracing's <c>CriTracingHostingOptions</c>.</param>
    /// <param name="configureApplication">Adds middleware before the CRI services are mapped, after the tracing middleware.</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication CreateApplication(
        string endpoint,
        IConfiguration? configuration = null,
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? configureApplication = null)
    {
        var criEndpoint = CriEndpoint.Parse(endpoint);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SampleRuntimeHost).Assembly.GetName().Name,

            // appsettings.json beside the binary applies whatever the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });

        if (configuration is not null)
        {
            builder.Configuration.AddConfiguration(configuration);
        }

        // Standard output carries only what the command prints ("listening on ...").
        builder.Logging.AddSimpleConsole();
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenCri(criEndpoint));

        builder.Services.AddGrpc();
        builder.Services.AddOptions<SampleRuntimeOptions>()
            .Bind(builder.Configuration.GetSection(SampleRuntimeOptions.SectionName))
            .Validate(options => options.IsValid(), "SampleRuntime settings need non-negative latencies and scale, and a positive event buffer.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PhaseSimulator>();
        builder.Services.AddSingleton<ContainerEventHub>();
        builder.Services.AddSingleton<ImageStore>();
        builder.Services.AddSingleton<RuntimeState>();

        // Singletons: grpc-dotnet resolves a registered service from DI, and the state lives in it.
        builder.Services.AddSingleton<SampleRuntimeService>();
        builder.Services.AddSingleton<SampleImageService>();
        builder.AddCriTracing(tracing =>
        {
            tracing.DefaultServiceName = ServiceName;
            tracing.AdditionalSources.Add(ActivitySourceName);
        });

        // The export limits are settings too, e.g. --CriTracingHosting:ShutdownTimeout 00:00:02.
        builder.Services.Configure<CriTracingHostingOptions>(builder.Configuration.GetSection(TracingHostingSection));
        configureServices?.Invoke(builder.Services);

        var application = builder.Build();
        configureApplication?.Invoke(application);
        application.MapGrpcService<SampleRuntimeService>();
        application.MapGrpcService<SampleImageService>();
        return application;
    }

    /// <summary>Builds the runtime with <see cref="CreateApplication"/> and starts serving.</summary>
    /// <param name="endpoint">Where to listen: <c>unix:///path.sock</c> or <c>tcp://127.0.0.1:PORT</c>.</param>
    /// <param name="configuration">Settings layered over the defaults, such as <c>SampleRuntime:LatencyScale</c>.</param>
    /// <param name="configureServices">Adds or replaces services.</param>
    /// <param name="configureApplication">Adds middleware before the CRI services are mapped.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; disposing it stops the runtime and removes its socket file.</returns>
    public static async Task<SampleRuntimeServer> StartAsync(
        string endpoint,
        IConfiguration? configuration = null,
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? configureApplication = null,
        CancellationToken cancellationToken = default)
    {
        var application = CreateApplication(endpoint, configuration, configureServices, configureApplication);
        try
        {
            await application.StartAsync(cancellationToken);
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }

        return new SampleRuntimeServer(application, CriEndpoint.Parse(endpoint));
    }
}
