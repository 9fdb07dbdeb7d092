using Cri.Tracing.Configuration;
using OpenTelemetry.Resources;

namespace Cri.Tracing.Hosting.Lifecycle.Internal;

/// <summary>
/// The resource every span carries, as CRI-O and the kubelet describe themselves: <c>service.name</c>,
/// <c>service.version</c>, <c>host.name</c>, <c>process.pid</c>, plus the SDK's attributes.
/// </summary>
internal static class ServiceResource
{
    /// <summary>
    /// Builds the resource. Later sources win key by key: the host's defaults, then <c>OTEL_RESOURCE_ATTRIBUTES</c>
    /// and <c>OTEL_SERVICE_NAME</c>, then <see cref="CriTracingOptions.ResourceAttributes"/>, then
    /// <see cref="CriTracingOptions.ServiceName"/>.
    /// </summary>
    public static ResourceBuilder Create(CriTracingOptions options, CriTracingHostingOptions hosting)
    {
        var builder = ResourceBuilder.CreateEmpty()
            .AddService(hosting.DefaultServiceName, serviceVersion: hosting.ServiceVersion, autoGenerateServiceInstanceId: false)
            .AddTelemetrySdk()
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
}
