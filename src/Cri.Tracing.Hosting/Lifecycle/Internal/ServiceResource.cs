using Cri.Tracing.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;

namespace Cri.Tracing.Hosting.Lifecycle.Internal;

/// <summary>
/// The resource attributes CRI-O and the kubelet describe themselves with (<c>service.name</c>,
/// <c>service.version</c>, <c>host.name</c>, <c>process.pid</c>), detected when the tracer provider is built and
/// merged into its resource where <c>AddCriTracing</c> was called: what an application configures after it wins key by
/// key.
/// </summary>
internal sealed class ServiceResource(IServiceProvider services) : IResourceDetector
{
    /// <summary>
    /// Builds the attributes. Later sources win key by key: the host's defaults, then <c>OTEL_RESOURCE_ATTRIBUTES</c>
    /// and <c>OTEL_SERVICE_NAME</c>, then <see cref="CriTracingOptions.ResourceAttributes"/>, then
    /// <see cref="CriTracingOptions.ServiceName"/>.
    /// </summary>
    public static ResourceBuilder Create(CriTracingOptions options, CriTracingHostingOptions hosting)
    {
        var builder = ResourceBuilder.CreateEmpty()
            .AddService(hosting.DefaultServiceName, serviceVersion: hosting.ServiceVersion, autoGenerateServiceInstanceId: false)
            .AddAttributes(
            [
                new("host.name", Environment.MachineName),
                new("process.pid", Environment.ProcessId),
            ])
            .AddEnvironmentVariableDetector()
            .AddAttributes(options.ResourceAttributes.Select(attribute => new KeyValuePair<string, object>(attribute.Key, attribute.Value)));
        return options.ServiceName is { } serviceName
            ? builder.AddAttributes([new("service.name", serviceName)])
            : builder;
    }

    /// <summary>What of <paramref name="options"/> the resource is made of, to tell whether a reload changed it.</summary>
    public static string Key(CriTracingOptions options)
        => options.ServiceName + "\n" + ExportSettings.Canonical(options.ResourceAttributes);

    /// <inheritdoc/>
    public Resource Detect()
        => Create(
            services.GetRequiredService<IOptionsMonitor<CriTracingOptions>>().CurrentValue,
            services.GetRequiredService<IOptions<CriTracingHostingOptions>>().Value).Build();
}
