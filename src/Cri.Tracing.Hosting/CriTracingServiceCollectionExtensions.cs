using Cri.Protos;
using Cri.Tracing;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting;
using Cri.Tracing.Hosting.Configuration.Internal;
using Cri.Tracing.Hosting.Lifecycle.Internal;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Sampling;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Cri.Tracing to a host's services.</summary>
public static class CriTracingServiceCollectionExtensions
{
    /// <summary>
    /// Adds CRI tracing, driven by the <see cref="CriTracingOptions.SectionName"/> section of
    /// <paramref name="configuration"/>: a tracer provider the host starts before its other services and stops after
    /// them, OTLP export that never blocks or slows a call, the log bridge, and reload of the settings while the host
    /// runs. With tracing disabled there is no tracer provider and no listener: the instrumentation costs nothing.
    /// </summary>
    /// <remarks>
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
        services.AddSingleton(new ReloadablePerMillionSampler(0));
        services.AddCriTracingInterceptors();
        services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<CriServerTracingInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<LoggerFilterOptions>, LogBridgeLevelSetup>());
        services.AddLogging(logging => logging.AddCriTracingLogBridge());
        services.AddSingleton<CriTracingService>();
        services.AddHostedService(provider => provider.GetRequiredService<CriTracingService>());
        return services;
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
