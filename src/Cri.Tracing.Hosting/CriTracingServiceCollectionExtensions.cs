using Cri.Protos;
using Cri.Tracing;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting;
using Cri.Tracing.Hosting.Configuration.Internal;
using Cri.Tracing.Hosting.Export;
using Cri.Tracing.Hosting.Lifecycle.Internal;
using Cri.Tracing.Hosting.Propagation.Internal;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Sampling;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Cri.Tracing to a host's services.</summary>
public static class CriTracingServiceCollectionExtensions
{
    /// <summary>
    /// Adds CRI tracing, driven by the <see cref="CriTracingOptions.SectionName"/> section of
    /// <paramref name="configuration"/>, to the application's one OpenTelemetry tracer provider
    /// (<c>services.AddOpenTelemetry()</c>, added if the application has not): the CRI source, the CRI sampler, OTLP
    /// export to the configured collector that never blocks or slows a call, the CRI resource attributes, the log
    /// bridge, and reload of the settings while the host runs. The application's own <c>WithTracing(...)</c>
    /// instrumentations and exporters work beside them, in the same provider.
    /// </summary>
    /// <remarks>
    /// <para>
    /// One provider, one pipeline, as in CRI-O: the CRI sampler (<c>ParentBased</c>, per million roots) is the
    /// provider's and decides for every span it records, and the collector export sends every span it records, the
    /// application's included. With tracing disabled the sampler drops everything and the interceptors skip each call
    /// after one check, as if nothing listened. An application's <c>SetSampler</c> or <c>SetResourceBuilder</c>
    /// called after this replaces the CRI one: its sampler then decides for the application's spans whatever the CRI
    /// settings say, while the interceptors still skip the calls those settings rule out. <c>ConfigureResource</c>
    /// called after this wins key by key.
    /// </para>
    /// <para>
    /// The settings are validated when the host starts (<see cref="CriTracingOptionsValidator"/>, plus the endpoint and
    /// the TLS files when tracing is on): an invalid one stops start-up with a message naming the key.
    /// </para>
    /// <para>
    /// Calling it again only adds <paramref name="configure"/>; the first call's configuration stays the source.
    /// A host that serves gRPC (<c>services.AddGrpc()</c>) gets a SERVER span per call: the
    /// <see cref="CriServerTracingInterceptor"/> is added to Grpc.AspNetCore's interceptors. Trace clients with
    /// <c>services.AddCriClient(endpoint)</c>.
    /// </para>
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the <c>CriTracing</c> section, such as the host's.</param>
    /// <param name="configure">Adjusts the hosting options.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCriTracing(this IServiceCollection services, IConfiguration configuration, Action<CriTracingHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var hosting = services.AddOptions<CriTracingHostingOptions>();
        if (configure is not null)
        {
            hosting.Configure(configure);
        }

        if (services.Any(descriptor => descriptor.ServiceType == typeof(CriTracingService)))
        {
            return services;
        }

        services.AddOptions<CriTracingOptions>()
            .Bind(configuration.GetSection(CriTracingOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CriTracingOptions>, HttpProtobufDefaultEndpoint>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CriTracingOptions>, CriTracingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CriTracingOptions>, CriTracingExportValidator>());
        // Off until the host applies the settings.
        services.AddSingleton(new ReloadablePerMillionSampler(0) { Enabled = false });
        services.AddCriTracingInterceptors();
        services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<CriServerTracingInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<LoggerFilterOptions>, LogBridgeLevelSetup>());
        services.AddLogging(logging => logging.AddCriTracingLogBridge());
        services.AddSingleton<CriTracingService>();
        services.AddHostedService(provider => provider.GetRequiredService<CriTracingService>());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddDetector(provider => new ServiceResource(provider)))
            .WithTracing(tracing => tracing.AddCriInstrumentation());
        services.ConfigureOpenTelemetryTracerProvider(ConfigureTracerProvider);
        return services;
    }

    private static void ConfigureTracerProvider(IServiceProvider provider, TracerProviderBuilder tracing)
    {
        var hosting = provider.GetRequiredService<IOptions<CriTracingHostingOptions>>().Value;
        tracing.SetSampler(provider.GetRequiredService<ReloadablePerMillionSampler>())
            .AddSource([.. hosting.AdditionalSources]);
        if (hosting.ConsoleWaterfall is { } waterfall)
        {
            tracing.AddProcessor(new SimpleActivityExportProcessor(new WaterfallExporter(waterfall)));
        }
    }

    /// <summary>
    /// Registers both interceptors as singletons made from the hosting options, with the host's sampler: grpc-dotnet
    /// then resolves them instead of making one per call.
    /// </summary>
    internal static IServiceCollection AddCriTracingInterceptors(this IServiceCollection services)
    {
        services.AddOptions();
        services.TryAddSingleton(provider =>
        {
            var server = SharedOptions(provider).Server;
            server.Endpoint ??= FindSingleUnixSocket(provider);
            server.RequestHeaderReader ??= HttpRequestTraceHeaders.Read;
            return new CriServerTracingInterceptor(server);
        });
        services.TryAddSingleton(provider => new CriClientTracingInterceptor(SharedOptions(provider).Client));
        return services;
    }

    /// <summary>
    /// The Unix socket the server listens on, when it listens on exactly one: a call's <c>:authority</c> over a
    /// socket is only <c>localhost</c>, so that is where <c>server.address</c> comes from. grpc-dotnet first resolves
    /// the interceptor for the first call, when the server runs and its addresses are known.
    /// </summary>
    private static CriEndpoint? FindSingleUnixSocket(IServiceProvider provider)
    {
        const string UnixPrefix = "http://unix:";
        var sockets = provider.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses
            .Where(address => address.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return sockets is [var single] ? CriEndpoint.Parse("unix://" + single[UnixPrefix.Length..]) : null;
    }

    private static CriTracingHostingOptions SharedOptions(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<CriTracingHostingOptions>>().Value;
        if (provider.GetService<ReloadablePerMillionSampler>() is { } sampler)
        {
            options.Server.Sampler = sampler;
            options.Client.Sampler = sampler;
        }

        return options;
    }
}
