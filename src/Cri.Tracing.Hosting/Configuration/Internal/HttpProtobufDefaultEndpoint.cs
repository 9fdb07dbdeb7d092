using Cri.Tracing.Configuration;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Hosting.Configuration.Internal;

/// <summary>
/// Gives OTLP over HTTP its own default: the default endpoint is CRI-O's gRPC <c>127.0.0.1:4317</c>, so with
/// <see cref="OtlpProtocol.HttpProtobuf"/> and no endpoint of its own, spans go to <c>http://127.0.0.1:4318/v1/traces</c>.
/// </summary>
internal sealed class HttpProtobufDefaultEndpoint : IPostConfigureOptions<CriTracingOptions>
{
    /// <summary>The OTLP/HTTP endpoint used when none is configured.</summary>
    public const string DefaultHttpEndpoint = "http://127.0.0.1:4318/v1/traces";

    public void PostConfigure(string? name, CriTracingOptions options)
    {
        if (options.Protocol == OtlpProtocol.HttpProtobuf && options.Endpoint == CriTracingOptions.DefaultEndpoint)
        {
            options.Endpoint = DefaultHttpEndpoint;
        }
    }
}
