using Cri.Protos;
using Cri.Protos.V1;
using Cri.Tracing.Hosting;
using Cri.Tracing.Instrumentation;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers traced CRI clients.</summary>
public static class CriClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RuntimeService.RuntimeServiceClient"/> and <see cref="ImageService.ImageServiceClient"/>
    /// with grpc-dotnet's client factory, calling <paramref name="endpoint"/> through a <see cref="CriClientTracingInterceptor"/>
    /// (options: <see cref="CriTracingHostingOptions.Client"/>): every call gets a CLIENT span, child of the caller's current
    /// span, with its context sent to the runtime.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="endpoint">The runtime endpoint, as crictl and the kubelet write it (<c>unix:///run/containerd/containerd.sock</c>).</param>
    /// <param name="configureClient">Adjusts the client factory's options of both clients (more interceptors, channel options).</param>
    /// <returns>The same services.</returns>
    /// <exception cref="FormatException"><paramref name="endpoint"/> is not an endpoint.</exception>
    public static IServiceCollection AddCriClient(this IServiceCollection services, string endpoint, Action<GrpcClientFactoryOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var parsed = CriEndpoint.Parse(endpoint);
        services.AddCriTracingInterceptors();
        services.Configure<CriTracingHostingOptions>(options => options.Client.Endpoint ??= parsed);
        AddClient<RuntimeService.RuntimeServiceClient>(services, parsed, configureClient);
        AddClient<ImageService.ImageServiceClient>(services, parsed, configureClient);
        return services;
    }

    private static void AddClient<TClient>(IServiceCollection services, CriEndpoint endpoint, Action<GrpcClientFactoryOptions>? configureClient)
        where TClient : class
        => services.AddGrpcClient<TClient>(options =>
            {
                options.Address = CriChannel.GetAddress(endpoint);
                configureClient?.Invoke(options);
            })
            .ConfigurePrimaryHttpMessageHandler(() => CriChannel.CreateHttpHandler(endpoint))
            .AddInterceptor(provider => provider.GetRequiredService<CriClientTracingInterceptor>());
}
